import { createSign, generateKeyPairSync, randomUUID } from "node:crypto";
import {
  REVOCATIONS_PATH,
  ROLE_SCOPES,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
  type RevocationEntry,
  type RevocationKind,
  type Role,
} from "@amazoff/kit";
import { startHttpFake } from "./http-fake.ts";

export interface TestIdentity {
  /** Where the cart subgraph downloads the public key (stands in for the users subgraph). */
  jwksUrl: string;
  /** An access token as the users subgraph signs it; scopes default to the role's. */
  token(claims: { userId: string; role?: Role; scopes?: readonly string[] }): string;
  /** Publishes a revocation on the feed the cart polls (as the users subgraph does on logout or erasure). */
  revoke(kind: RevocationKind, id: string): void;
  stop(): Promise<void>;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** An RS256 key, its JWKS endpoint, tokens signed with it, and the revocation feed beside them. */
export async function startTestIdentity(): Promise<TestIdentity> {
  const kid = `cart-test-${randomUUID().slice(0, 8)}`;
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" };
  const revocations: RevocationEntry[] = [];
  const fake = await startHttpFake({
    "/.well-known/jwks.json": () => ({ status: 200, body: { keys: [jwk] } }),
    [REVOCATIONS_PATH]: () => ({ status: 200, body: { cursor: "all", revocations } }),
  });
  return {
    jwksUrl: `${fake.origin}/.well-known/jwks.json`,
    token({ userId, role = "CUSTOMER", scopes }) {
      const now = Math.floor(Date.now() / 1000);
      const payload = {
        sub: userId,
        role,
        scope: (scopes ?? ROLE_SCOPES[role]).join(" "),
        iat: now,
        exp: now + 600,
        jti: randomUUID(),
        sid: randomUUID(),
        iss: TOKEN_ISSUER,
        aud: TOKEN_AUDIENCE,
      };
      const input = `${base64url({ alg: "RS256", typ: "JWT", kid })}.${base64url(payload)}`;
      return `${input}.${createSign("RSA-SHA256").update(input).sign(privateKey).toString("base64url")}`;
    },
    revoke: (kind, id) => void revocations.push({ kind, id, revokedAt: new Date().toISOString() }),
    stop: fake.stop,
  };
}
