import type { Logger } from "@amazoff/kit";
import type { PasswordHasher } from "../auth/password-hasher.ts";
import type { UsersDb } from "../db.ts";
import type { UsersEnv } from "../env.ts";
import { demoAccounts, describeDemoAccounts } from "./demo-accounts.ts";

/**
 * Creates the demo accounts (one per role, and the partner's API key). Idempotent: rows are keyed
 * by deterministic ids and existing rows are left alone (a changed demo password stays changed).
 * Refused in production: the demo credentials are public. Logs them in development only.
 */
export async function seedDemoAccounts(
  db: UsersDb,
  hasher: PasswordHasher,
  nodeEnv: UsersEnv["NODE_ENV"],
  logger: Logger,
): Promise<{ users: number; apiKeys: number }> {
  if (nodeEnv === "production") throw new Error("SEED_DEMO_DATA is refused in production: the demo accounts' credentials are public");
  const accounts = demoAccounts();
  const existing = new Set(
    (await db.prisma.user.findMany({ where: { id: { in: accounts.map((a) => a.id) } }, select: { id: true } })).map((u) => u.id),
  );
  // Hash only for accounts to create: a restart then costs one query, not four scrypt runs.
  const rows = await Promise.all(
    accounts
      .filter((a) => !existing.has(a.id))
      .map(async (a) => ({
        id: a.id,
        email: a.email,
        displayName: a.displayName,
        role: a.role,
        passwordHash: a.password ? await hasher.hash(a.password) : null,
      })),
  );
  const users = rows.length ? (await db.prisma.user.createMany({ data: rows, skipDuplicates: true })).count : 0;
  let apiKeys = 0;
  for (const account of accounts) {
    if (!account.apiKey) continue;
    const { id, name, prefix, secretHash, scopes } = account.apiKey;
    const user = await db.prisma.user.findUnique({ where: { id: account.id }, select: { id: true } });
    if (!user) continue; // the email was taken by someone else: no demo partner, so no key either
    apiKeys += (
      await db.prisma.apiKey.createMany({ data: [{ id, userId: account.id, name, prefix, secretHash, scopes }], skipDuplicates: true })
    ).count;
  }
  if (nodeEnv === "development") logger.info({ demoAccounts: describeDemoAccounts(accounts) }, "demo accounts (development only)");
  else logger.info({ users, apiKeys }, "demo accounts ready");
  return { users, apiKeys };
}
