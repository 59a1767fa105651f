import { errorCodes } from "@amazoff/kit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestServer, freshAddress, LOGIN, type UsersTestServer } from "./test-server.ts";

let server: UsersTestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(() => server?.stop());

const SIGNUP = /* GraphQL */ `
  mutation Signup($email: String!, $password: String!, $displayName: String!) {
    signup(email: $email, password: $password, displayName: $displayName) {
      accessToken tokenType expiresIn refreshToken refreshTokenExpiresAt
      user { id email displayName role createdAt addresses { id } }
    }
  }
`;
const ME = `{ me { id email displayName role createdAt } }`;
const CHANGE_PASSWORD = `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`;
const REFRESH = `mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken } }`;

const anon = () => server.client({ address: freshAddress() });

describe("signup", () => {
  it("creates a customer with a normalised email and signs it in", async () => {
    const response = await anon()(SIGNUP, {
      email: "  New.Person@Example.COM ",
      password: "a fine passphrase",
      displayName: "  New Person ",
    });
    expect(response.errors).toBeUndefined();
    const payload = response.data!.signup;
    expect(payload).toMatchObject({
      tokenType: "Bearer",
      expiresIn: 900,
      user: { email: "new.person@example.com", displayName: "New Person", role: "CUSTOMER", addresses: [] },
    });
    expect(payload.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const days = (Date.parse(payload.refreshTokenExpiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    const me = await server.client({ token: payload.accessToken })(ME);
    expect(me.data!.me).toMatchObject({ id: payload.user.id, email: "new.person@example.com" });
  });

  it("stores a salted scrypt hash with its parameters, never the password", async () => {
    await anon()(SIGNUP, { email: "hash@example.com", password: "another fine phrase", displayName: "H" });
    const row = await server.db.prisma.user.findUniqueOrThrow({ where: { email: "hash@example.com" } });
    expect(row.passwordHash).toMatch(/^\$scrypt\$ln=\d+,r=8,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    expect(row.passwordHash).not.toContain("another");
  });

  it("refuses an email that differs only in case or spacing with CONFLICT", async () => {
    await anon()(SIGNUP, { email: "taken@example.com", password: "a fine passphrase", displayName: "First" });
    const response = await anon()(SIGNUP, { email: " TAKEN@example.com", password: "a fine passphrase", displayName: "Second" });
    expect(errorCodes(response)).toEqual(["CONFLICT"]);
    expect(response.errors![0]!.extensions!.field).toBe("email");
    expect(await server.db.prisma.user.count({ where: { email: "taken@example.com" } })).toBe(1);
  });

  it.each([
    [{ email: "" }, "email"],
    [{ email: "not-an-email" }, "email"],
    [{ email: "a@b" }, "email"],
    [{ email: "two@@example.com" }, "email"],
    [{ email: ".dot@example.com" }, "email"],
    [{ email: `${"x".repeat(250)}@example.com` }, "email"],
    [{ password: "short1" }, "password"],
    [{ password: "x".repeat(201) }, "password"],
    [{ password: "aaaaaaaaaaaa" }, "password"],
    [{ password: "0123456789" }, "password"],
    [{ password: "password123" }, "password"],
    [{ password: "ababababababab" }, "password"],
    [{ email: "jonathan@example.com", password: "my name is Jonathan!" }, "password"],
    [{ password: "tab\there and more" }, "password"],
    [{ displayName: "" }, "displayName"],
    [{ displayName: "   " }, "displayName"],
    [{ displayName: "x".repeat(101) }, "displayName"],
    [{ displayName: "nul\u0000byte" }, "displayName"],
    [{ displayName: "evil\u202Eoverride" }, "displayName"],
    [{ displayName: "lone \ud800 surrogate" }, "displayName"],
  ])("refuses %j with BAD_USER_INPUT naming %s, writing nothing", async (override, field) => {
    const before = await server.db.prisma.user.count();
    const response = await anon()(SIGNUP, { email: "valid@example.org", password: "a fine passphrase", displayName: "Valid", ...override });
    expect(errorCodes(response)).toEqual(["BAD_USER_INPUT"]);
    expect(response.errors![0]!.extensions!.field).toBe(field);
    // A NUL or a lone surrogate is refused before execution (the kit's guard): no data at all.
    expect(response.data ?? null).toBeNull();
    expect(await server.db.prisma.user.count()).toBe(before);
  });
});

describe("login", () => {
  it("signs in with the right password, whatever the email's case", async () => {
    const user = await server.createUser();
    const response = await anon()(LOGIN, { email: user.email.toUpperCase(), password: user.password });
    expect(response.errors).toBeUndefined();
    expect(response.data!.login).toMatchObject({
      expiresIn: 900,
      tokenType: "Bearer",
      user: { id: user.id, email: user.email, role: "CUSTOMER" },
    });
  });

  it("answers the same UNAUTHENTICATED for a wrong password, an unknown email and a partner account", async () => {
    const user = await server.createUser();
    const partner = await server.createUser({ role: "PARTNER" });
    const responses = await Promise.all([
      anon()(LOGIN, { email: user.email, password: "wrong password!" }),
      anon()(LOGIN, { email: "nobody@example.com", password: "wrong password!" }),
      anon()(LOGIN, { email: partner.email, password: `${partner.password}` }),
    ]);
    for (const response of responses) {
      expect(errorCodes(response)).toEqual(["UNAUTHENTICATED"]);
      expect(response.errors![0]!.message).toBe("Wrong email or password");
      expect(response.data).toBeNull();
    }
  });

  it("refuses a malformed email or an empty password with BAD_USER_INPUT", async () => {
    expect(errorCodes(await anon()(LOGIN, { email: "nope", password: "whatever123" }))).toEqual(["BAD_USER_INPUT"]);
    expect(errorCodes(await anon()(LOGIN, { email: "a@example.com", password: "" }))).toEqual(["BAD_USER_INPUT"]);
  });
});

describe("me and updateProfile", () => {
  it("answers UNAUTHENTICATED for me without a token", async () => {
    const response = await server.query(ME);
    expect(errorCodes(response)).toEqual(["UNAUTHENTICATED"]);
  });

  it("renames the signed-in user", async () => {
    const user = await server.signIn();
    const response = await user.query(`mutation { updateProfile(displayName: "  Renamed  ") { id displayName } }`);
    expect(response.data!.updateProfile).toEqual({ id: user.id, displayName: "Renamed" });
    expect((await user.query(ME)).data!.me.displayName).toBe("Renamed");
  });

  it("refuses an invalid display name with BAD_USER_INPUT", async () => {
    const user = await server.signIn();
    const response = await user.query(`mutation { updateProfile(displayName: "") { id } }`);
    expect(errorCodes(response)).toEqual(["BAD_USER_INPUT"]);
    expect(response.errors![0]!.extensions!.field).toBe("displayName");
  });
});

describe("changePassword", () => {
  it("changes the password and ends every other session, keeping the current one", async () => {
    const user = await server.signIn();
    const other = await anon()(LOGIN, { email: user.email, password: user.password });
    const otherRefresh = other.data!.login.refreshToken as string;
    const response = await user.query(CHANGE_PASSWORD, { c: user.password, n: "a brand new secret" });
    expect(response.errors).toBeUndefined();
    expect(response.data!.changePassword).toBe(true);
    // the other session's refresh token is dead; the current session's still works
    expect(errorCodes(await anon()(REFRESH, { t: otherRefresh }))).toEqual(["UNAUTHENTICATED"]);
    expect((await anon()(REFRESH, { t: user.refreshToken })).errors).toBeUndefined();
    // old password refused, new one accepted
    expect(errorCodes(await anon()(LOGIN, { email: user.email, password: user.password }))).toEqual(["UNAUTHENTICATED"]);
    expect((await anon()(LOGIN, { email: user.email, password: "a brand new secret" })).errors).toBeUndefined();
  });

  it("refuses a wrong current password, a weak new one and an unchanged one, changing nothing", async () => {
    const user = await server.signIn();
    const before = (await server.db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash;
    const cases: [Record<string, string>, string][] = [
      [{ c: "not my password", n: "a brand new secret" }, "currentPassword"],
      [{ c: user.password, n: "short" }, "newPassword"],
      [{ c: user.password, n: user.password }, "newPassword"],
    ];
    for (const [variables, field] of cases) {
      const response = await user.query(CHANGE_PASSWORD, variables);
      expect(errorCodes(response)).toEqual(["BAD_USER_INPUT"]);
      expect(response.errors![0]!.extensions!.field).toBe(field);
    }
    expect((await server.db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe(before);
  });

  it("requires a signed-in session", async () => {
    expect(errorCodes(await server.query(CHANGE_PASSWORD, { c: "x", n: "a brand new secret" }))).toEqual(["UNAUTHENTICATED"]);
  });
});

describe("logout", () => {
  it("ends the session: its refresh token stops working and its writes are refused", async () => {
    const user = await server.signIn();
    expect((await user.query(`mutation { logout }`)).data!.logout).toBe(true);
    expect(errorCodes(await anon()(REFRESH, { t: user.refreshToken }))).toEqual(["UNAUTHENTICATED"]);
    const write = await user.query(`mutation { updateProfile(displayName: "After logout") { id } }`);
    expect(errorCodes(write)).toEqual(["UNAUTHENTICATED"]);
  });

  it("requires a token", async () => {
    expect(errorCodes(await server.query(`mutation { logout }`))).toEqual(["UNAUTHENTICATED"]);
  });
});
