import { errorCodes } from "@amazoff/kit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PasswordHasher } from "../src/auth/password-hasher.ts";
import { bootstrapAdmin } from "../src/staff/bootstrap-admin.ts";
import { UserRepository } from "../src/users/user.repository.ts";
import { createTestServer, freshAddress, LOGIN, TEST_SCRYPT_COST, type SignedIn, type UsersTestServer } from "./test-server.ts";

let server: UsersTestServer;
let admin: SignedIn;
beforeAll(async () => {
  server = await createTestServer();
  admin = await server.signIn({ role: "ADMIN" });
});
afterAll(() => server?.stop());

const CHANGE_ROLE = `mutation($u: ID!, $r: Role!) { changeUserRole(userId: $u, role: $r) { id role } }`;
const login = (email: string, password: string) => server.client({ address: freshAddress() })(LOGIN, { email, password });

describe("createEmployee and createPartner", () => {
  it("creates an employee who can sign in with the initial password", async () => {
    const response = await admin.query(
      `mutation { createEmployee(email: " Staff.One@Example.com", displayName: "Staff One", password: "initial password 1") { id email role } }`,
    );
    expect(response.data!.createEmployee).toMatchObject({ email: "staff.one@example.com", role: "EMPLOYEE" });
    expect((await login("staff.one@example.com", "initial password 1")).data!.login.user.role).toBe("EMPLOYEE");
  });

  it("validates every field and maps a taken email to CONFLICT", async () => {
    const cases: [string, string, string][] = [
      [`createEmployee(email: "bad", displayName: "X", password: "initial password 1") { id }`, "BAD_USER_INPUT", "email"],
      [`createEmployee(email: "ok1@example.com", displayName: "", password: "initial password 1") { id }`, "BAD_USER_INPUT", "displayName"],
      [`createEmployee(email: "ok2@example.com", displayName: "X", password: "short") { id }`, "BAD_USER_INPUT", "password"],
      [`createEmployee(email: "staff.one@example.com", displayName: "X", password: "initial password 1") { id }`, "CONFLICT", "email"],
      [`createPartner(email: "STAFF.ONE@example.com", displayName: "X") { id }`, "CONFLICT", "email"],
    ];
    for (const [mutation, code, field] of cases) {
      const response = await admin.query(`mutation { ${mutation} }`);
      expect(errorCodes(response), mutation).toEqual([code]);
      expect(response.errors![0]!.extensions!.field).toBe(field);
    }
  });

  it("creates a partner, who has no password and cannot sign in", async () => {
    const response = await admin.query(`mutation { createPartner(email: "api@partner.example", displayName: "Partner Co") { id role } }`);
    expect(response.data!.createPartner.role).toBe("PARTNER");
    expect((await server.db.prisma.user.findUniqueOrThrow({ where: { email: "api@partner.example" } })).passwordHash).toBeNull();
    expect(errorCodes(await login("api@partner.example", "anything at all"))).toEqual(["UNAUTHENTICATED"]);
  });
});

describe("changeUserRole", () => {
  it("promotes a customer, ending their sessions so new tokens carry the new scopes", async () => {
    const customer = await server.signIn();
    const response = await admin.query(CHANGE_ROLE, { u: customer.id, r: "EMPLOYEE" });
    expect(response.data!.changeUserRole).toEqual({ id: customer.id, role: "EMPLOYEE" });
    const refresh = await server.query(`mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }`, {
      t: customer.refreshToken,
    });
    expect(errorCodes(refresh)).toEqual(["UNAUTHENTICATED"]);
    expect((await login(customer.email, customer.password)).data!.login.user.role).toBe("EMPLOYEE");
  });

  it("refuses the PARTNER role, partner accounts, unknown users and malformed ids", async () => {
    const customer = await server.createUser();
    const partner = await server.createUser({ role: "PARTNER" });
    const cases: [Record<string, string>, string][] = [
      [{ u: customer.id, r: "PARTNER" }, "BAD_USER_INPUT"],
      [{ u: partner.id, r: "CUSTOMER" }, "BAD_USER_INPUT"],
      [{ u: "00000000-0000-4000-8000-000000000000", r: "ADMIN" }, "NOT_FOUND"],
      [{ u: "1; DROP TABLE users", r: "ADMIN" }, "BAD_USER_INPUT"],
    ];
    for (const [variables, code] of cases) expect(errorCodes(await admin.query(CHANGE_ROLE, variables))).toEqual([code]);
  });

  it("never demotes the last admin, even when two admins demote each other at once", async () => {
    // `admin` is the only admin of this database so far.
    const alone = await admin.query(CHANGE_ROLE, { u: admin.id, r: "CUSTOMER" });
    expect(errorCodes(alone)).toEqual(["CONFLICT"]);
    const second = await server.signIn({ role: "ADMIN" });
    const results = await Promise.all([
      admin.query(CHANGE_ROLE, { u: second.id, r: "EMPLOYEE" }),
      second.query(CHANGE_ROLE, { u: admin.id, r: "EMPLOYEE" }),
    ]);
    // One wins; the other is refused (CONFLICT: last admin, or UNAUTHENTICATED: its session just ended).
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(await server.db.prisma.user.count({ where: { role: "ADMIN" } })).toBe(1);
  });

  it("lets an admin demote themselves when another admin remains", async () => {
    const [first, second] = await Promise.all([server.signIn({ role: "ADMIN" }), server.signIn({ role: "ADMIN" })]);
    expect((await first.query(CHANGE_ROLE, { u: first.id, r: "EMPLOYEE" })).data!.changeUserRole.role).toBe("EMPLOYEE");
    expect((await server.db.prisma.user.findUniqueOrThrow({ where: { id: second.id } })).role).toBe("ADMIN");
  });
});

describe("users listing", () => {
  it("pages through every user newest first, filtered by role, with totalCount", async () => {
    const employee = await server.signIn({ role: "EMPLOYEE" });
    const all = await server.db.prisma.user.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 50; page += 1) {
      const response: { data?: any; errors?: unknown } = await employee.query(
        `query($after: String) { users(first: 3, after: $after) { totalCount edges { node { id email } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      expect(response.errors).toBeUndefined();
      expect(response.data.users.totalCount).toBe(all.length);
      seen.push(...response.data.users.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!response.data.users.pageInfo.hasNextPage) break;
      after = response.data.users.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.map((u) => u.id));
    const admins = await employee.query(`{ users(first: 100, role: ADMIN) { totalCount edges { node { role } } } }`);
    expect(admins.data!.users.totalCount).toBe(all.filter((u) => u.role === "ADMIN").length);
    expect(admins.data!.users.edges.every((e: { node: { role: string } }) => e.node.role === "ADMIN")).toBe(true);
  });

  it.each([
    [{ first: -1 }, "first"],
    [{ first: 101 }, "first"],
    [{ after: "garbage" }, "after"],
  ])("refuses %j with BAD_USER_INPUT", async (variables, field) => {
    const employee = await server.signIn({ role: "EMPLOYEE" });
    const response = await employee.query(
      `query($first: Int, $after: String) { users(first: $first, after: $after) { totalCount } }`,
      variables,
    );
    expect(errorCodes(response)).toEqual(["BAD_USER_INPUT"]);
    expect(response.errors![0]!.extensions!.field).toBe(field);
  });
});

describe("bootstrapAdmin (npm run create-admin)", () => {
  it("creates an admin, promotes an existing account, and refuses partners and weak passwords", async () => {
    const repo = new UserRepository(server.db);
    const hasher = new PasswordHasher(TEST_SCRYPT_COST);
    const created = await bootstrapAdmin(repo, hasher, { email: "Root@Example.com", password: async () => "a long admin secret" });
    expect(created.kind).toBe("created");
    expect((await login("root@example.com", "a long admin secret")).data!.login.user.role).toBe("ADMIN");
    expect((await bootstrapAdmin(repo, hasher, { email: "root@example.com", password: async () => "" })).kind).toBe("already_admin");
    const customer = await server.createUser();
    expect(await bootstrapAdmin(repo, hasher, { email: customer.email, password: async () => "" })).toEqual({
      kind: "promoted",
      userId: customer.id,
    });
    const partner = await server.createUser({ role: "PARTNER" });
    await expect(bootstrapAdmin(repo, hasher, { email: partner.email, password: async () => "" })).rejects.toThrow(/partner/);
    await expect(bootstrapAdmin(repo, hasher, { email: "weak@example.com", password: async () => "short" })).rejects.toThrow(/at least 10/);
  });
});
