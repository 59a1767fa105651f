import { BadUserInputError } from "@amazoff/kit";
import type { PasswordHasher } from "../auth/password-hasher.ts";
import { assertAcceptablePassword } from "../auth/password-policy.ts";
import type { UserRepository } from "../users/user.repository.ts";
import { normaliseEmail } from "../users/user.validation.ts";

export type BootstrapResult = { kind: "created" | "promoted" | "already_admin"; userId: string };

/**
 * The first admin of a fresh deployment (where demo accounts are refused): creates an ADMIN
 * account, or promotes an existing customer or employee. Run by an operator with database
 * access (`npm run create-admin`), never through the API.
 */
export async function bootstrapAdmin(
  users: UserRepository,
  hasher: PasswordHasher,
  input: { email: string; password: () => Promise<string> },
): Promise<BootstrapResult> {
  const email = normaliseEmail(input.email);
  const existing = await users.findCredentialsByEmail(email);
  if (existing) {
    if (existing.role === "ADMIN") return { kind: "already_admin", userId: existing.id };
    if (existing.role === "PARTNER") throw new BadUserInputError("a partner account cannot become an admin", "email");
    await users.changeRole(existing.id, "ADMIN", new Date());
    return { kind: "promoted", userId: existing.id };
  }
  const password = await input.password();
  assertAcceptablePassword(password, email);
  const user = await users.create({ email, displayName: "Administrator", role: "ADMIN", passwordHash: await hasher.hash(password) });
  return { kind: "created", userId: user.id };
}
