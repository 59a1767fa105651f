import { createHmac, generateKeyPairSync, randomUUID, type KeyObject } from "node:crypto";
import jwt from "jsonwebtoken";
import { beforeEach, describe, expect, it } from "vitest";
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from "./claims.ts";
import { bearerToken, createTokenVerifier, type Jwk, type KeySource } from "./verifier.ts";

function rsaKey(kid: string): { kid: string; privateKey: KeyObject; publicKey: KeyObject; jwk: Jwk } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { kid, privateKey, publicKey, jwk: { ...publicKey.export({ format: "jwk" }), kid } as Jwk };
}

const current = rsaKey("key-1");
const next = rsaKey("key-2");
const now = () => Math.floor(Date.now() / 1000);
const claims = (extra: Record<string, unknown> = {}) => ({
  sub: "user-1",
  role: "CUSTOMER",
  scope: "catalog:read orders:read:own",
  jti: randomUUID(),
  sid: "session-1",
  iss: TOKEN_ISSUER,
  aud: TOKEN_AUDIENCE,
  iat: now(),
  exp: now() + 300,
  ...extra,
});
const sign = (payload: Record<string, unknown> = claims(), key = current) =>
  jwt.sign(payload, key.privateKey, { algorithm: "RS256", keyid: key.kid });
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** A key source that counts its calls and can be changed (rotation) or broken. */
function source(initial: Jwk[]) {
  const state = { keys: initial, calls: 0, failing: false };
  const fetchKeys: KeySource = async () => {
    state.calls++;
    if (state.failing) throw new Error("JWKS down");
    return state.keys;
  };
  return Object.assign(state, { fetchKeys });
}

let keys: ReturnType<typeof source>;
beforeEach(() => {
  keys = source([current.jwk]);
});

describe("createTokenVerifier", () => {
  it("accepts a valid RS256 token and returns its viewer", async () => {
    const viewer = await createTokenVerifier(keys.fetchKeys).verify(sign());
    expect(viewer).toMatchObject({ userId: "user-1", role: "CUSTOMER", via: "session", sessionId: "session-1" });
    expect([...viewer.scopes]).toEqual(["catalog:read", "orders:read:own"]);
  });

  it("marks a token minted for an API key", async () => {
    const { sid: _sid, ...rest } = claims({ role: "PARTNER", akid: "key-9" });
    expect(await createTokenVerifier(keys.fetchKeys).verify(sign(rest))).toMatchObject({ via: "api-key", apiKeyId: "key-9" });
  });

  const refused: [string, () => string][] = [
    ["an expired token", () => sign(claims({ iat: now() - 600, exp: now() - 60 }))],
    ["a token not valid yet (nbf in the future)", () => sign(claims({ nbf: now() + 600 }))],
    ["a token issued in the future (iat)", () => sign(claims({ iat: now() + 600, exp: now() + 900 }))],
    ["a token that lives longer than 15 minutes (it would outlive its revocation)", () => sign(claims({ exp: now() + 15 * 60 + 1 }))],
    [
      "a token without an expiry",
      () => {
        const { exp: _exp, ...rest } = claims();
        return sign(rest);
      },
    ],
    ["alg: none", () => `${b64({ alg: "none", typ: "JWT", kid: current.kid })}.${b64(claims())}.`],
    [
      "HS256 signed with the public key as the secret",
      () =>
        jwt.sign(claims(), current.publicKey.export({ format: "pem", type: "spki" }) as string, { algorithm: "HS256", keyid: current.kid }),
    ],
    [
      "an HMAC signature under an RS256 header",
      () => {
        const input = `${b64({ alg: "RS256", typ: "JWT", kid: current.kid })}.${b64(claims())}`;
        return `${input}.${createHmac("sha256", current.publicKey.export({ format: "pem", type: "spki" }))
          .update(input)
          .digest("base64url")}`;
      },
    ],
    ["an unknown kid", () => sign(claims(), { ...current, kid: "nobody" })],
    ["no kid", () => jwt.sign(claims(), current.privateKey, { algorithm: "RS256" })],
    ["a key that is not published", () => sign(claims(), rsaKey("key-1"))],
    [
      "a tampered payload",
      () => {
        const [header, , signature] = sign().split(".");
        return `${header}.${b64(claims({ role: "ADMIN", scope: "users:admin" }))}.${signature}`;
      },
    ],
    ["a wrong issuer", () => sign(claims({ iss: "someone-else" }))],
    ["a wrong audience", () => sign(claims({ aud: "another-api" }))],
    [
      "a token without a role",
      () => {
        const { role: _role, ...rest } = claims();
        return sign(rest);
      },
    ],
    ["garbage", () => "not.a.token"],
  ];

  it.each(refused)("refuses %s with UNAUTHENTICATED", async (_name, token) => {
    await expect(createTokenVerifier(keys.fetchKeys).verify(token())).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
  });

  it("says an expired token expired", async () => {
    await expect(createTokenVerifier(keys.fetchKeys).verify(sign(claims({ iat: now() - 600, exp: now() - 60 })))).rejects.toThrow(
      "Access token expired",
    );
  });

  it("tolerates a few seconds of clock skew", async () => {
    await expect(createTokenVerifier(keys.fetchKeys).verify(sign(claims({ iat: now() + 2 })))).resolves.toBeDefined();
  });

  it("downloads the keys once, then serves known kids from memory", async () => {
    const verifier = createTokenVerifier(keys.fetchKeys);
    for (let i = 0; i < 5; i++) await verifier.verify(sign());
    expect(keys.calls).toBe(1);
  });

  it("refreshes the keys on an unknown kid (rotation), but not more often than the minimum interval", async () => {
    const verifier = createTokenVerifier(keys.fetchKeys, { minRefreshIntervalMs: 300 });
    await verifier.verify(sign());
    expect(keys.calls).toBe(1);
    keys.keys = [current.jwk, next.jwk];
    // Within the interval: garbage kids cannot make us hammer the JWKS endpoint.
    await expect(verifier.verify(sign(claims(), next))).rejects.toThrow();
    await Promise.all(
      Array.from({ length: 5 }, () => verifier.verify(sign(claims(), { ...next, kid: `junk-${randomUUID()}` })).catch(() => {})),
    );
    expect(keys.calls).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 320));
    expect(await verifier.verify(sign(claims(), next))).toMatchObject({ userId: "user-1" });
    expect(keys.calls).toBe(2);
    // Once refreshed, the new kid is known: no further download.
    await verifier.verify(sign(claims(), next));
    expect(keys.calls).toBe(2);
  });

  it("shares one download among concurrent refreshes", async () => {
    const verifier = createTokenVerifier(keys.fetchKeys, { minRefreshIntervalMs: 0 });
    await Promise.all(Array.from({ length: 10 }, () => verifier.verify(sign())));
    expect(keys.calls).toBe(1);
  });

  it("answers UNAUTHENTICATED (try again) when the keys cannot be downloaded", async () => {
    keys.failing = true;
    await expect(createTokenVerifier(keys.fetchKeys).verify(sign())).rejects.toMatchObject({
      message: expect.stringContaining("try again"),
      extensions: { code: "UNAUTHENTICATED" },
    });
  });
});

describe("bearerToken", () => {
  it("reads `Bearer <token>`, case-insensitively", () => {
    expect(bearerToken("Bearer abc.def.ghi")).toBe("abc.def.ghi");
    expect(bearerToken("bearer abc.def.ghi")).toBe("abc.def.ghi");
    expect(bearerToken(undefined)).toBeNull();
  });

  it("refuses any other scheme", () => {
    expect(() => bearerToken("Basic dXNlcjpwYXNz")).toThrow("Bearer");
    expect(() => bearerToken("Bearer a b")).toThrow();
  });
});
