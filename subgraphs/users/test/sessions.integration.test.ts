import { errorCodes } from "@amazoff/kit/testing";
import jwt from "jsonwebtoken";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashRefreshToken } from "../src/sessions/refresh-token.ts";
import { createTestServer, freshAddress, type UsersTestServer } from "./test-server.ts";

let server: UsersTestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(() => server?.stop());

const REFRESH = /* GraphQL */ `
  mutation Refresh($t: String!) {
    refreshSession(refreshToken: $t) { accessToken refreshToken expiresIn user { id email role } }
  }
`;
const refresh = (token: string) => server.client({ address: freshAddress() })(REFRESH, { t: token });
const sid = (accessToken: string) => (jwt.decode(accessToken) as { sid: string }).sid;

describe("refreshSession", () => {
  it("rotates: new tokens for the same session, and the presented refresh token stops working", async () => {
    const user = await server.signIn();
    const first = await refresh(user.refreshToken);
    expect(first.errors).toBeUndefined();
    const payload = first.data!.refreshSession;
    expect(payload).toMatchObject({ expiresIn: 900, user: { id: user.id, email: user.email, role: "CUSTOMER" } });
    expect(payload.refreshToken).not.toBe(user.refreshToken);
    expect(sid(payload.accessToken)).toBe(sid(user.accessToken));
    // the next token in the chain works
    expect((await refresh(payload.refreshToken)).errors).toBeUndefined();
  });

  it("treats a reused (already rotated) token as theft: the whole family is revoked, the newest token too", async () => {
    const user = await server.signIn();
    const second = (await refresh(user.refreshToken)).data!.refreshSession.refreshToken as string;
    const third = (await refresh(second)).data!.refreshSession.refreshToken as string;
    // an attacker replays the first token
    expect(errorCodes(await refresh(user.refreshToken))).toEqual(["UNAUTHENTICATED"]);
    // the legitimate holder's newest token no longer works either
    expect(errorCodes(await refresh(third))).toEqual(["UNAUTHENTICATED"]);
    const session = await server.db.prisma.session.findUniqueOrThrow({ where: { id: sid(user.accessToken) } });
    expect(session.revokedReason).toBe("refresh_token_reuse");
    // and the session's access token can no longer write here
    expect(errorCodes(await user.query(`mutation { updateProfile(displayName: "x") { id } }`))).toEqual(["UNAUTHENTICATED"]);
  });

  it("lets exactly one of two concurrent uses of a token win, and then ends the session", async () => {
    const user = await server.signIn();
    const results = await Promise.all([refresh(user.refreshToken), refresh(user.refreshToken)]);
    const winners = results.filter((r) => !r.errors);
    expect(winners).toHaveLength(1);
    expect(results.flatMap(errorCodes)).toEqual(["UNAUTHENTICATED"]);
    expect(errorCodes(await refresh(winners[0]!.data!.refreshSession.refreshToken))).toEqual(["UNAUTHENTICATED"]);
  });

  it("refuses unknown, malformed and expired refresh tokens with UNAUTHENTICATED", async () => {
    const user = await server.signIn();
    await server.db.prisma.refreshToken.update({
      where: { tokenHash: hashRefreshToken(user.refreshToken) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    for (const token of [user.refreshToken, "A".repeat(43), "short", "", "x".repeat(100_000), "🙂".repeat(43)]) {
      const response = await refresh(token);
      expect(errorCodes(response)).toEqual(["UNAUTHENTICATED"]);
      expect(response.errors![0]!.message).toBe("Invalid refresh token");
    }
  });

  it("stores only a hash of refresh tokens", async () => {
    const user = await server.signIn();
    expect(await server.db.prisma.refreshToken.count({ where: { tokenHash: user.refreshToken } })).toBe(0);
    expect(await server.db.prisma.refreshToken.count({ where: { tokenHash: hashRefreshToken(user.refreshToken) } })).toBe(1);
  });

  it("issues tokens with the user's current role", async () => {
    const user = await server.signIn();
    await server.db.prisma.user.update({ where: { id: user.id }, data: { role: "EMPLOYEE" } });
    const payload = (await refresh(user.refreshToken)).data!.refreshSession;
    expect(payload.user.role).toBe("EMPLOYEE");
    expect((jwt.decode(payload.accessToken) as { role: string; scope: string }).scope).toContain("users:read:any");
  });

  it("ends when the account is deleted (sessions cascade)", async () => {
    const user = await server.signIn();
    await server.db.prisma.user.delete({ where: { id: user.id } });
    expect(errorCodes(await refresh(user.refreshToken))).toEqual(["UNAUTHENTICATED"]);
    expect(await server.db.prisma.session.count({ where: { userId: user.id } })).toBe(0);
  });
});
