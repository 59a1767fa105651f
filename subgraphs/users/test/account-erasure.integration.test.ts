import { errorCodes } from "@amazoff/kit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOGIN_ACCOUNT_POLICY } from "../src/throttle/throttle.policy.ts";
import { createTestServer, freshAddress, LOGIN, type SignedIn, type UsersTestServer } from "./test-server.ts";

let server: UsersTestServer;
let admin: SignedIn;
beforeAll(async () => {
  server = await createTestServer();
  admin = await server.signIn({ role: "ADMIN" });
});
afterAll(() => server?.stop());

const DELETE_ME = `mutation($p: String!) { deleteMyAccount(password: $p) }`;
const DELETE_USER = `mutation($id: ID!) { deleteUser(id: $id) }`;
const REFRESH = `mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }`;
const USER_ENTITY = `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id displayName } } }`;
const anon = () => server.client({ address: freshAddress() });

interface Rich extends SignedIn {
  addressId: string;
  /** The refresh token of a second session (another device). */
  otherRefreshToken: string;
}

/** A user with two sessions and two addresses. */
async function richUser(role: "CUSTOMER" | "EMPLOYEE" | "ADMIN" = "CUSTOMER"): Promise<Rich> {
  const user = await server.signIn({ role });
  const second = await anon()(LOGIN, { email: user.email, password: user.password });
  let addressId = "";
  for (const line1 of ["1 Erase St", "2 Erase St"]) {
    const response = await user.query(`mutation($i: AddressInput!) { createAddress(input: $i) { id } }`, {
      i: { fullName: "Someone Real", line1, city: "Springfield", postalCode: "12345", country: "US" },
    });
    addressId ||= response.data!.createAddress.id;
  }
  return { ...user, addressId, otherRefreshToken: second.data!.login.refreshToken };
}

/** Everything stored about a user, to compare before and after. */
async function stored(userId: string) {
  const { prisma } = server.db;
  return {
    user: await prisma.user.findUnique({
      where: { id: userId },
      select: { email: true, displayName: true, passwordHash: true, deletedAt: true, role: true },
    }),
    addresses: await prisma.address.count({ where: { userId } }),
    sessions: await prisma.session.count({ where: { userId } }),
    refreshTokens: await prisma.refreshToken.count({ where: { session: { userId } } }),
    apiKeys: await prisma.apiKey.count({ where: { userId } }),
    userDeletedEvents: await prisma.outboxEvent.count({
      where: { type: "UserDeleted", payload: { path: ["payload", "userId"], equals: userId } },
    }),
  };
}

const erasedState = (userId: string, role: string) => ({
  user: { email: `deleted-${userId}@deleted.invalid`, displayName: "Deleted user", passwordHash: null, deletedAt: expect.any(Date), role },
  addresses: 0,
  sessions: 0,
  refreshTokens: 0,
  apiKeys: 0,
  userDeletedEvents: 1,
});

describe("deleteMyAccount", () => {
  it("erases everything at once and writes UserDeleted once; the account then only resolves as 'Deleted user'", async () => {
    const user = await richUser();
    expect(await stored(user.id)).toMatchObject({ addresses: 2, sessions: 2, refreshTokens: 2, userDeletedEvents: 0 });
    const response = await user.query(DELETE_ME, { p: user.password });
    expect(response.errors).toBeUndefined();
    expect(response.data!.deleteMyAccount).toBe(true);
    expect(await stored(user.id)).toEqual(erasedState(user.id, "CUSTOMER"));
    const [event] = await server.db.prisma.outboxEvent.findMany({
      where: { type: "UserDeleted", payload: { path: ["payload", "userId"], equals: user.id } },
    });
    expect(event!.payload).toEqual({
      id: event!.id,
      type: "UserDeleted",
      source: "users",
      occurredAt: expect.any(String),
      payload: { userId: user.id },
    });
    expect(event!.publishedAt).toBeNull();

    // The old access token: everything that needs a running session, and `me`, refuse it.
    for (const operation of [
      `{ me { id } }`,
      `{ exportMyData { userId } }`,
      `mutation { updateProfile(displayName: "Back") { id } }`,
      `mutation { createAddress(input: { fullName: "X", line1: "X", city: "X", postalCode: "1", country: "US" }) { id } }`,
      `mutation { deleteMyAccount(password: "${user.password}") }`,
    ]) {
      expect(errorCodes(await user.query(operation)), operation).toEqual(["UNAUTHENTICATED"]);
    }
    // Refresh tokens of both sessions are gone; the old email signs in like an unknown one.
    expect(errorCodes(await anon()(REFRESH, { t: user.refreshToken }))).toEqual(["UNAUTHENTICATED"]);
    expect(errorCodes(await anon()(REFRESH, { t: user.otherRefreshToken }))).toEqual(["UNAUTHENTICATED"]);
    const login = await anon()(LOGIN, { email: user.email, password: user.password });
    const unknown = await anon()(LOGIN, { email: "never-registered@example.com", password: user.password });
    expect(login.errors).toEqual(unknown.errors);
    // Other subgraphs' references (orders, reviews) still render an author.
    const entity = await server.query(USER_ENTITY, { r: [{ __typename: "User", id: user.id }] });
    expect(entity.data!._entities).toEqual([{ id: user.id, displayName: "Deleted user" }]);
    // The checkout saga no longer gets the address; staff listings leave the account out.
    expect((await server.internal.post("/internal/addresses/get", { userId: user.id, addressId: user.addressId })).status).toBe(404);
    const listing = await admin.query(`{ users(first: 100) { edges { node { id } } } }`);
    expect((listing.data!.users.edges as { node: { id: string } }[]).map((e) => e.node.id)).not.toContain(user.id);
    // Nobody can erase it a second time: UserDeleted stays written once.
    expect(errorCodes(await admin.query(DELETE_USER, { id: user.id }))).toEqual(["NOT_FOUND"]);
    expect((await stored(user.id)).userDeletedEvents).toBe(1);
  });

  it("frees the email: the person can sign up again, as a new account", async () => {
    const user = await richUser();
    expect((await user.query(DELETE_ME, { p: user.password })).errors).toBeUndefined();
    const again = await anon()(
      `mutation($e: String!) { signup(email: $e, password: "a fresh passphrase", displayName: "Back") { user { id } } }`,
      { e: user.email },
    );
    expect(again.errors).toBeUndefined();
    expect(again.data!.signup.user.id).not.toBe(user.id);
  });

  it("leaves nothing half-written when the transaction fails at its last step", async () => {
    const user = await richUser();
    const before = await stored(user.id);
    const { prisma } = server.db;
    await prisma.$executeRawUnsafe(`CREATE FUNCTION refuse_user_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.type = 'UserDeleted' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$`);
    await prisma.$executeRawUnsafe(
      `CREATE TRIGGER refuse_user_deleted BEFORE INSERT ON outbox_events FOR EACH ROW EXECUTE FUNCTION refuse_user_deleted()`,
    );
    try {
      const response = await user.query(DELETE_ME, { p: user.password });
      expect(errorCodes(response)).toEqual(["INTERNAL"]);
      expect(JSON.stringify(response)).not.toMatch(/injected|outbox|INSERT/);
    } finally {
      await prisma.$executeRawUnsafe(`DROP TRIGGER refuse_user_deleted ON outbox_events`);
      await prisma.$executeRawUnsafe(`DROP FUNCTION refuse_user_deleted()`);
    }
    // Addresses, sessions and the anonymisation came before the outbox write: all rolled back.
    expect(await stored(user.id)).toEqual(before);
    expect((await user.query(`{ me { id } }`)).data!.me.id).toBe(user.id);
    expect((await user.query(DELETE_ME, { p: user.password })).data!.deleteMyAccount).toBe(true);
    expect(await stored(user.id)).toEqual(erasedState(user.id, "CUSTOMER"));
  });

  it("refuses a wrong password (UNAUTHENTICATED) or an empty one (BAD_USER_INPUT), erasing nothing", async () => {
    const user = await richUser();
    const before = await stored(user.id);
    const wrong = await user.query(DELETE_ME, { p: "not my password" });
    expect(errorCodes(wrong)).toEqual(["UNAUTHENTICATED"]);
    expect(wrong.data).toBeNull();
    expect(errorCodes(await user.query(DELETE_ME, { p: "" }))).toEqual(["BAD_USER_INPUT"]);
    expect(errorCodes(await user.query(DELETE_ME, { p: "x".repeat(5000) }))).toEqual(["UNAUTHENTICATED"]);
    expect(await stored(user.id)).toEqual(before);
  });

  it("is throttled together with sign-in: after a few failures even the right password is RATE_LIMITED", async () => {
    const user = await richUser();
    // Failed sign-ins elsewhere count against the account here too.
    for (let i = 0; i < LOGIN_ACCOUNT_POLICY.slowAfter - 1; i += 1) {
      expect(errorCodes(await anon()(LOGIN, { email: user.email, password: `guess ${i}` }))).toEqual(["UNAUTHENTICATED"]);
    }
    expect(errorCodes(await user.query(DELETE_ME, { p: "one more guess" }))).toEqual(["UNAUTHENTICATED"]);
    const limited = await user.query(DELETE_ME, { p: user.password });
    expect(errorCodes(limited)).toEqual(["RATE_LIMITED"]);
    expect(limited.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect((await stored(user.id)).user!.deletedAt).toBeNull();
    await server.endThrottleWaits();
    expect((await user.query(DELETE_ME, { p: user.password })).data!.deleteMyAccount).toBe(true);
  });

  it("refuses admins (CONFLICT), partners (FORBIDDEN), anonymous callers and ended sessions", async () => {
    const otherAdmin = await richUser("ADMIN");
    const before = await stored(otherAdmin.id);
    const refused = await otherAdmin.query(DELETE_ME, { p: otherAdmin.password });
    expect(errorCodes(refused)).toEqual(["CONFLICT"]);
    expect(refused.errors![0]!.message).toMatch(/another admin/);
    expect(await stored(otherAdmin.id)).toEqual(before);

    const partner = await server.createUser({ role: "PARTNER" });
    const key = await admin.query(`mutation($p: ID!) { createApiKey(partnerId: $p, name: "k", scopes: ["catalog:read"]) { secret } }`, {
      p: partner.id,
    });
    const exchange = await server.exchangeApiKey(key.data!.createApiKey.secret);
    const partnerToken = ((await exchange.json()) as { accessToken: string }).accessToken;
    expect(errorCodes(await server.client({ token: partnerToken })(DELETE_ME, { p: "anything at all" }))).toEqual(["FORBIDDEN"]);
    expect((await stored(partner.id)).apiKeys).toBe(1);

    expect(errorCodes(await server.query(DELETE_ME, { p: "whatever123" }))).toEqual(["UNAUTHENTICATED"]);
    const loggedOut = await richUser();
    await loggedOut.query(`mutation { logout }`);
    expect(errorCodes(await loggedOut.query(DELETE_ME, { p: loggedOut.password }))).toEqual(["UNAUTHENTICATED"]);
    expect((await stored(loggedOut.id)).user!.deletedAt).toBeNull();
  });

  it("lets an employee erase their own account", async () => {
    const employee = await richUser("EMPLOYEE");
    expect((await employee.query(DELETE_ME, { p: employee.password })).data!.deleteMyAccount).toBe(true);
    expect(await stored(employee.id)).toEqual(erasedState(employee.id, "EMPLOYEE"));
  });
});

describe("deleteUser (admins)", () => {
  it("erases a partner with its API keys: the keys stop exchanging at once", async () => {
    const partner = await server.createUser({ role: "PARTNER" });
    const key = await admin.query(`mutation($p: ID!) { createApiKey(partnerId: $p, name: "k", scopes: ["catalog:read"]) { secret } }`, {
      p: partner.id,
    });
    const secret = key.data!.createApiKey.secret as string;
    expect((await admin.query(DELETE_USER, { id: partner.id })).data!.deleteUser).toBe(true);
    expect(await stored(partner.id)).toEqual(erasedState(partner.id, "PARTNER"));
    const exchange = await server.exchangeApiKey(secret, { address: freshAddress() });
    expect(exchange.status).toBe(401);
    // An erased partner gets no new key either.
    const again = await admin.query(`mutation($p: ID!) { createApiKey(partnerId: $p, name: "k2", scopes: ["catalog:read"]) { secret } }`, {
      p: partner.id,
    });
    expect(errorCodes(again)).toEqual(["NOT_FOUND"]);
  });

  it("erases another admin, and a customer whose old token then fails", async () => {
    const [otherAdmin, customer] = await Promise.all([richUser("ADMIN"), richUser()]);
    expect((await admin.query(DELETE_USER, { id: otherAdmin.id })).data!.deleteUser).toBe(true);
    expect((await admin.query(DELETE_USER, { id: customer.id.toUpperCase() })).data!.deleteUser).toBe(true);
    expect(await stored(otherAdmin.id)).toEqual(erasedState(otherAdmin.id, "ADMIN"));
    expect(await stored(customer.id)).toEqual(erasedState(customer.id, "CUSTOMER"));
    expect(errorCodes(await customer.query(`{ me { id } }`))).toEqual(["UNAUTHENTICATED"]);
    // An erased admin does not count as an admin any more, and cannot be promoted back.
    expect(
      errorCodes(await admin.query(`mutation($u: ID!) { changeUserRole(userId: $u, role: ADMIN) { id } }`, { u: otherAdmin.id })),
    ).toEqual(["NOT_FOUND"]);
  });

  it("refuses the caller's own account, unknown ids, malformed ids and non-admins", async () => {
    expect(errorCodes(await admin.query(DELETE_USER, { id: admin.id }))).toEqual(["CONFLICT"]);
    expect(errorCodes(await admin.query(DELETE_USER, { id: "00000000-0000-4000-8000-000000000000" }))).toEqual(["NOT_FOUND"]);
    expect(errorCodes(await admin.query(DELETE_USER, { id: "1; DROP TABLE users" }))).toEqual(["BAD_USER_INPUT"]);
    const victim = await richUser();
    const employee = await server.signIn({ role: "EMPLOYEE" });
    for (const client of [employee.query, victim.query])
      expect(errorCodes(await client(DELETE_USER, { id: victim.id }))).toEqual(["FORBIDDEN"]);
    expect(errorCodes(await server.query(DELETE_USER, { id: victim.id }))).toEqual(["UNAUTHENTICATED"]);
    expect((await stored(victim.id)).user!.deletedAt).toBeNull();
  });
});

describe("the last admin", () => {
  it("is never erased, even when the only two admins erase each other at once", async () => {
    // A database of its own: here these two are the only admins.
    const own = await createTestServer();
    try {
      const [first, second] = await Promise.all([own.signIn({ role: "ADMIN" }), own.signIn({ role: "ADMIN" })]);
      const results = await Promise.all([first.query(DELETE_USER, { id: second.id }), second.query(DELETE_USER, { id: first.id })]);
      // One wins; the other is refused (CONFLICT: last admin, or UNAUTHENTICATED: its session was just erased).
      expect(results.filter((r) => !r.errors)).toHaveLength(1);
      expect(results.flatMap((r) => errorCodes(r)).every((code) => code === "CONFLICT" || code === "UNAUTHENTICATED")).toBe(true);
      expect(await own.db.prisma.user.count({ where: { role: "ADMIN", deletedAt: null } })).toBe(1);
    } finally {
      await own.stop();
    }
  });
});
