import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from "node:crypto";
import { TOKEN_AUDIENCE, TOKEN_ISSUER, type Jwk, type Role } from "@amazoff/kit";

export interface TestKeys {
  kid: string;
  privateKey: KeyObject;
  /** The public key as the users subgraph publishes it. */
  jwk: Jwk;
}

/** An RSA key pair with a kid, like the users subgraph's signing key. */
export function createTestKeys(kid = `test-${randomUUID().slice(0, 8)}`): TestKeys {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { kid, privateKey, jwk: { ...publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" } as Jwk };
}

export interface TokenClaims {
  sub?: string;
  role?: Role;
  scope?: string;
  sid?: string;
  akid?: string;
}

/** An access token as the users subgraph signs it (RS256, issuer, audience, jti, sid or akid). */
export function signAccessToken(keys: TestKeys, claims: TokenClaims = {}, options: { expiresInSeconds?: number } = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = {
    sub: claims.sub ?? "user-1",
    role: claims.role ?? "CUSTOMER",
    scope: claims.scope ?? "",
    iat: now,
    exp: now + (options.expiresInSeconds ?? 300),
    jti: randomUUID(),
    iss: TOKEN_ISSUER,
    aud: TOKEN_AUDIENCE,
    ...(claims.akid ? { akid: claims.akid } : { sid: claims.sid ?? "session-1" }),
  };
  const header = { alg: "RS256", typ: "JWT", kid: keys.kid };
  const signingInput = `${base64url(header)}.${base64url(payload)}`;
  const signature = createSign("RSA-SHA256").update(signingInput).sign(keys.privateKey).toString("base64url");
  return `${signingInput}.${signature}`;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
