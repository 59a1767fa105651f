import { createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { createTokenVerifier, jwksFromUrl, ROLE_SCOPES, TOKEN_AUDIENCE, TOKEN_ISSUER } from "@amazoff/kit";
import { errorCodes } from "@amazoff/kit/testing";
import jwt from "jsonwebtoken";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kidOf, signingKeyFrom, signingKeySet } from "../src/auth/signing-keys.ts";
import { TokenIssuer } from "../src/auth/token-issuer.ts";
import { createTestServer, newPrivateKey, type UsersTestServer } from "./test-server.ts";

const oldKey = newPrivateKey();
const newKey = newPrivateKey();
let server: UsersTestServer; // signs with newKey, still publishes oldKey (a rotation in progress)
beforeAll(async () => {
  server = await createTestServer({ keys: [newKey, oldKey] });
});
afterAll(() => server?.stop());

const kid = (key: KeyObject) => kidOf(createPublicKey(key));
const jwksUrl = () => `${server.origin}/.well-known/jwks.json`;
const ME = `{ me { id email role } }`;

describe("JWKS", () => {
  it("publishes every configured key as an RS256 JWK with a kid derived from the key, cacheable", async () => {
    const response = await fetch(jwksUrl());
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=300");
    const { keys } = (await response.json()) as { keys: Record<string, string>[] };
    expect(keys.map((k) => k.kid)).toEqual([kid(newKey), kid(oldKey)]);
    for (const jwk of keys) {
      expect(Object.keys(jwk).sort()).toEqual(["alg", "e", "kid", "kty", "n", "use"]);
      expect(jwk).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig", e: "AQAB" });
      expect(jwk.kid).toMatch(/^[A-Za-z0-9_-]{16}$/);
    }
  });

  it("refuses other methods", async () => {
    expect((await fetch(jwksUrl(), { method: "POST" })).status).toBe(405);
  });
});

describe("access tokens", () => {
  it("verify over the published JWKS and carry exactly the contract's claims, signed by the first key", async () => {
    const user = await server.signIn({ role: "EMPLOYEE" });
    const verifier = createTokenVerifier(jwksFromUrl(jwksUrl()));
    const viewer = await verifier.verify(user.accessToken);
    expect(viewer).toMatchObject({ userId: user.id, role: "EMPLOYEE", via: "session" });
    expect([...viewer.scopes].sort()).toEqual([...ROLE_SCOPES.EMPLOYEE].sort());

    const { header, payload } = jwt.decode(user.accessToken, { complete: true }) as {
      header: jwt.JwtHeader;
      payload: Record<string, unknown>;
    };
    expect(header).toMatchObject({ alg: "RS256", kid: kid(newKey) });
    expect(Object.keys(payload).sort()).toEqual(["aud", "exp", "iat", "iss", "jti", "role", "scope", "sid", "sub"]);
    expect(payload).toMatchObject({
      sub: user.id,
      role: "EMPLOYEE",
      iss: TOKEN_ISSUER,
      aud: TOKEN_AUDIENCE,
      scope: ROLE_SCOPES.EMPLOYEE.join(" "),
    });
    expect((payload.exp as number) - (payload.iat as number)).toBe(900);
    const session = await server.db.prisma.session.findUnique({ where: { id: payload.sid as string } });
    expect(session?.userId).toBe(user.id);
  });

  it("signed by the key being rotated out (second in the list) still verify, here and over the JWKS", async () => {
    const user = await server.createUser();
    const oldIssuer = new TokenIssuer(signingKeySet([signingKeyFrom(oldKey)]));
    const { token } = oldIssuer.issue({ userId: user.id, role: "CUSTOMER", scopes: ROLE_SCOPES.CUSTOMER }, 900);
    expect(jwt.decode(token, { complete: true })!.header.kid).toBe(kid(oldKey));
    expect((await createTokenVerifier(jwksFromUrl(jwksUrl())).verify(token)).userId).toBe(user.id);
    const me = await server.client({ token })(ME);
    expect(me.errors).toBeUndefined();
    expect(me.data!.me).toMatchObject({ id: user.id, email: user.email });
  });
});

describe("forged and broken tokens are refused with UNAUTHENTICATED", () => {
  const stranger = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
  const claims = (sub: string, overrides: Record<string, unknown> = {}) => ({
    sub,
    role: "ADMIN",
    scope: ROLE_SCOPES.ADMIN.join(" "),
    jti: "forged",
    iss: TOKEN_ISSUER,
    aud: TOKEN_AUDIENCE,
    ...overrides,
  });

  it.each([
    [
      "signed by a key not in the JWKS, claiming a published kid",
      (sub: string) => jwt.sign(claims(sub), stranger, { algorithm: "RS256", keyid: kid(newKey), expiresIn: 300 }),
    ],
    [
      "signed by a key not in the JWKS, with its own kid",
      (sub: string) => jwt.sign(claims(sub), stranger, { algorithm: "RS256", keyid: kid(stranger), expiresIn: 300 }),
    ],
    [
      "HS256 with the public key as the secret",
      (sub: string) =>
        jwt.sign(claims(sub), createPublicKey(newKey).export({ format: "pem", type: "spki" }).toString(), {
          algorithm: "HS256",
          keyid: kid(newKey),
          expiresIn: 300,
        }),
    ],
    [
      "unsigned (alg none)",
      (sub: string) => jwt.sign(claims(sub), "", { algorithm: "none", keyid: kid(newKey), expiresIn: 300 } as jwt.SignOptions),
    ],
    [
      "expired",
      (sub: string) =>
        jwt.sign(claims(sub, { iat: Math.floor(Date.now() / 1000) - 3600, exp: Math.floor(Date.now() / 1000) - 1800 }), newKey, {
          algorithm: "RS256",
          keyid: kid(newKey),
        }),
    ],
    [
      "for another audience",
      (sub: string) => jwt.sign(claims(sub, { aud: "someone-else" }), newKey, { algorithm: "RS256", keyid: kid(newKey), expiresIn: 300 }),
    ],
    [
      "with a tampered payload",
      (sub: string) => {
        const [h, p, s] = jwt
          .sign(claims(sub, { role: "CUSTOMER", scope: "users:read:own" }), newKey, {
            algorithm: "RS256",
            keyid: kid(newKey),
            expiresIn: 300,
          })
          .split(".");
        const payload = JSON.parse(Buffer.from(p!, "base64url").toString());
        return [
          h,
          Buffer.from(JSON.stringify({ ...payload, role: "ADMIN", scope: ROLE_SCOPES.ADMIN.join(" ") })).toString("base64url"),
          s,
        ].join(".");
      },
    ],
    ["garbage", () => "not.a.token"],
  ])("%s", async (_name, forge) => {
    const victim = await server.createUser({ role: "ADMIN" });
    const token = forge(victim.id);
    const response = await server.client({ token })(`{ me { id email } users { totalCount } }`);
    expect(errorCodes(response)).toEqual(["UNAUTHENTICATED"]);
    expect(response.data ?? null).toBeNull();
    const write = await server.client({ token })(`mutation { createPartner(email: "forged@example.com", displayName: "F") { id } }`);
    expect(errorCodes(write)).toEqual(["UNAUTHENTICATED"]);
    expect(await server.db.prisma.user.count({ where: { email: "forged@example.com" } })).toBe(0);
  });
});
