import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { ROLE_SCOPES, TOKEN_AUDIENCE, TOKEN_ISSUER, type Jwk, type Role } from "@amazoff/kit";

// Access tokens as the users subgraph signs them, and a JWKS endpoint serving the public key, so
// the subgraph under test verifies tokens exactly as in production (same shape as the router's
// test support and inventory's; a shared copy in @amazoff/kit/testing would serve all).

export interface TestIdentity {
  userId: string;
  role: Role;
  /** Defaults to the role's scopes. */
  scopes?: readonly string[];
}

export interface TokenIssuer {
  jwksUrl: string;
  /** A signed access token for this identity. */
  token(identity: TestIdentity): string;
  stop(): Promise<void>;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

function sign(privateKey: KeyObject, kid: string, identity: TestIdentity): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    sub: identity.userId,
    role: identity.role,
    scope: (identity.scopes ?? ROLE_SCOPES[identity.role]).join(" "),
    iat: now,
    exp: now + 300,
    jti: randomUUID(),
    sid: randomUUID(),
    iss: TOKEN_ISSUER,
    aud: TOKEN_AUDIENCE,
  };
  const input = `${base64url({ alg: "RS256", typ: "JWT", kid })}.${base64url(payload)}`;
  return `${input}.${createSign("RSA-SHA256").update(input).sign(privateKey).toString("base64url")}`;
}

/** An RSA key, a JWKS server on a random port publishing it, and a token signer. */
export async function startTokenIssuer(): Promise<TokenIssuer> {
  const kid = `test-${randomUUID().slice(0, 8)}`;
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" } as Jwk;
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    token: (identity) => sign(privateKey, kid, identity),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
