import { DEMO_USERS } from "@amazoff/demo-data";
import type { Logger } from "@amazoff/kit";
import { errorCodes } from "@amazoff/kit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PasswordHasher } from "../src/auth/password-hasher.ts";
import { demoAccounts, describeDemoAccounts } from "../src/seed/demo-accounts.ts";
import { seedDemoAccounts } from "../src/seed/seed.ts";
import { createTestServer, freshAddress, LOGIN, TEST_SCRYPT_COST, type UsersTestServer } from "./test-server.ts";

let server: UsersTestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(() => server?.stop());

/** A logger that keeps what it is given. */
function recordingLogger() {
  const lines: { level: string; fields: unknown; message?: string }[] = [];
  const record = (level: string) => (fields: unknown, message?: string) => lines.push({ level, fields, message });
  return { lines, logger: { info: record("info"), warn: record("warn"), error: record("error") } as unknown as Logger };
}

const hasher = new PasswordHasher(TEST_SCRYPT_COST);

describe("demo accounts", () => {
  it("are deterministic: the same ids, credentials and partner key on every run", () => {
    expect(demoAccounts()).toEqual(demoAccounts());
    expect(demoAccounts().map((a) => a.id)).toEqual(DEMO_USERS.map((u) => u.id));
    expect(demoAccounts().map((a) => a.role)).toEqual(["CUSTOMER", "EMPLOYEE", "ADMIN", "PARTNER"]);
    expect(demoAccounts().at(-1)!.apiKey!.key).toMatch(/^amz_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
  });

  it("are created once (idempotent), can sign in, and the partner's key exchanges", async () => {
    const { lines, logger } = recordingLogger();
    expect(await seedDemoAccounts(server.db, hasher, "test", logger)).toEqual({ users: 4, apiKeys: 1 });
    expect(await seedDemoAccounts(server.db, hasher, "test", logger)).toEqual({ users: 0, apiKeys: 0 });
    expect(JSON.stringify(lines)).not.toMatch(/Shopper-demo|amz_/);
    for (const account of demoAccounts()) {
      if (account.password) {
        const response = await server.client({ address: freshAddress() })(LOGIN, { email: account.email, password: account.password });
        expect(response.data!.login.user).toMatchObject({ id: account.id, role: account.role });
      } else {
        const response = await server.exchangeApiKey(account.apiKey!.key);
        expect(response.status).toBe(200);
      }
    }
  });

  it("survive two concurrent runs", async () => {
    const { logger } = recordingLogger();
    await server.db.prisma.user.deleteMany({ where: { id: { in: DEMO_USERS.map((u) => u.id) } } });
    await Promise.all([seedDemoAccounts(server.db, hasher, "test", logger), seedDemoAccounts(server.db, hasher, "test", logger)]);
    expect(await server.db.prisma.user.count({ where: { id: { in: DEMO_USERS.map((u) => u.id) } } })).toBe(4);
    expect(await server.db.prisma.apiKey.count({ where: { userId: DEMO_USERS.at(-1)!.id } })).toBe(1);
  });

  it("are logged with their credentials in development only, as one info line", async () => {
    const { lines, logger } = recordingLogger();
    await seedDemoAccounts(server.db, hasher, "development", logger);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: "info", fields: { demoAccounts: describeDemoAccounts() } });
    expect(describeDemoAccounts().CUSTOMER).toBe("customer@amazoff.example / Shopper-demo-2026");
  });

  it("are refused in production", async () => {
    const { logger } = recordingLogger();
    await expect(seedDemoAccounts(server.db, hasher, "production", logger)).rejects.toThrow(/production/);
  });
});

describe("database invariants", () => {
  it("refuses an email that is not normalised, whoever writes it", async () => {
    await expect(server.db.prisma.user.create({ data: { email: "Mixed@Example.com", displayName: "x" } })).rejects.toThrow(
      /users_email_normalised/,
    );
  });

  it("refuses API keys without scopes", async () => {
    const partner = await server.createUser({ role: "PARTNER" });
    await expect(
      server.db.prisma.apiKey.create({
        data: { userId: partner.id, name: "x", prefix: "abcdefgh", secretHash: "0".repeat(64), scopes: [] },
      }),
    ).rejects.toThrow(/api_keys_scopes_not_empty/);
  });

  it("keeps demo users' private fields private", async () => {
    const response = await server.query(`query($r: [_Any!]!) { _entities(representations: $r) { ... on User { displayName email } } }`, {
      r: [{ __typename: "User", id: DEMO_USERS[0]!.id }],
    });
    expect(errorCodes(response)).toEqual(["UNAUTHENTICATED"]);
  });
});
