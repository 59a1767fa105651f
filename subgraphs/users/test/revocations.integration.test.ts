import { internalClient, REVOCATIONS_PATH, type RevocationFeed } from "@amazoff/kit";
import { errorCodes } from "@amazoff/kit/testing";
import jwt from "jsonwebtoken";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestServer, freshAddress, type SignedIn, type UsersTestServer } from "./test-server.ts";

let server: UsersTestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(() => server?.stop());

const sid = (token: string) => (jwt.decode(token) as { sid: string }).sid;
const feed = async (cursor?: string) => {
  const response = await server.internal.post<RevocationFeed>(REVOCATIONS_PATH, cursor ? { cursor } : {});
  expect(response.status).toBe(200);
  return response.body;
};
const has = (answer: RevocationFeed, kind: string, id: string) => answer.revocations.some((r) => r.kind === kind && r.id === id);

const ME = `{ me { id email } }`;
/** The access token stops working at this subgraph (its own revocation list syncs every second). */
const refusedSoon = (user: SignedIn) =>
  vi.waitFor(
    async () => {
      const response = await user.query(ME);
      expect(response.status).toBe(401);
      expect(errorCodes(response)).toEqual(["UNAUTHENTICATED"]);
    },
    { timeout: 10_000, interval: 100 },
  );

describe("POST /internal/revocations", () => {
  it("is internal: 401 without the secret or with a user's token", async () => {
    const user = await server.signIn();
    expect((await internalClient(server.origin, "not-the-secret-at-all").post(REVOCATIONS_PATH, {})).status).toBe(401);
    const bearer = await fetch(`${server.origin}${REVOCATIONS_PATH}`, {
      method: "POST",
      headers: { authorization: `Bearer ${user.accessToken}` },
      body: "{}",
    });
    expect(bearer.status).toBe(401);
  });

  it("lists ended sessions, erased accounts and revoked API keys, then what follows its cursor", async () => {
    const loggedOut = await server.signIn();
    expect((await loggedOut.query(`mutation { logout }`)).data).toEqual({ logout: true });
    const erased = await server.signIn();
    expect((await erased.query(`mutation($p: String!) { deleteMyAccount(password: $p) }`, { p: erased.password })).errors).toBeUndefined();
    const bystander = await server.signIn();

    const first = await feed();
    expect(has(first, "session", sid(loggedOut.accessToken))).toBe(true);
    expect(has(first, "user", erased.id)).toBe(true);
    expect(has(first, "session", sid(bystander.accessToken))).toBe(false);
    expect(has(first, "user", bystander.id)).toBe(false);

    // A revocation after the first answer is in the next one, asked with its cursor.
    const admin = await server.signIn({ role: "ADMIN" });
    const partner = await server.createUser({ role: "PARTNER" });
    const created = await admin.query(
      `mutation($p: ID!) { createApiKey(partnerId: $p, name: "feed", scopes: ["catalog:read"]) { apiKey { id } } }`,
      { p: partner.id },
    );
    const keyId = created.data!.createApiKey.apiKey.id as string;
    expect(has(await feed(first.cursor), "apiKey", keyId)).toBe(false);
    await admin.query(`mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: keyId });
    const next = await feed(first.cursor);
    expect(has(next, "apiKey", keyId)).toBe(true);
    expect(next.cursor).toMatch(/^t\d+$/);
  });

  it("answers 400 to a cursor it did not give (the caller starts again without one)", async () => {
    for (const cursor of ["2026-01-01", "t", "tNaN", "x".repeat(101)]) {
      const response = await server.internal.post<{ error: string }>(REVOCATIONS_PATH, { cursor });
      expect(response.status).toBe(400);
      expect(response.body.error).toBe("bad_request");
    }
  });
});

describe("this subgraph refuses revoked tokens", () => {
  it("once the session was logged out", async () => {
    const user = await server.signIn();
    expect((await user.query(ME)).data!.me.id).toBe(user.id);
    await user.query(`mutation { logout }`);
    await refusedSoon(user);
  });

  it("once the session was revoked for refresh-token reuse", async () => {
    const user = await server.signIn();
    const refresh = (t: string) =>
      server.client({ address: freshAddress() })(`mutation($t: String!) { refreshSession(refreshToken: $t) { refreshToken } }`, { t });
    expect((await refresh(user.refreshToken)).errors).toBeUndefined();
    expect(errorCodes(await refresh(user.refreshToken))).toEqual(["UNAUTHENTICATED"]);
    await refusedSoon(user);
  });

  it("once an admin changed the user's role (its tokens carry the old scopes)", async () => {
    const employee = await server.signIn({ role: "EMPLOYEE" });
    const admin = await server.signIn({ role: "ADMIN" });
    expect(
      (await admin.query(`mutation($id: ID!) { changeUserRole(userId: $id, role: CUSTOMER) { role } }`, { id: employee.id })).errors,
    ).toBeUndefined();
    await refusedSoon(employee);
    expect((await admin.query(ME)).data!.me.id).toBe(admin.id);
  });
});
