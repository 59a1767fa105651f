import { createHash, generateKeyPairSync, randomUUID, type KeyObject } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import jwt from "jsonwebtoken";
import { TOKEN_ALGORITHM, TOKEN_AUDIENCE, TOKEN_ISSUER } from "../auth/claims.ts";
import { REVOCATIONS_PATH, type RevocationEntry, type RevocationKind } from "../auth/revocations.ts";
import { ROLE_SCOPES, type Role } from "../auth/roles.ts";

/** Who a test token is for (scopes default to the role's). */
export interface TestIdentity {
  userId: string;
  role: Role;
  scopes?: readonly string[];
}

export interface TokenOptions {
  scopes?: string[];
  expiresInSeconds?: number;
  sessionId?: string;
  /** A partner token exchanged for this API key (claim `akid`, as the router's exchange mints it). */
  apiKeyId?: string;
}

export interface TestIssuer {
  /** Where subgraphs under test fetch the public key (USERS_JWKS_URL). */
  jwksUrl: string;
  /**
   * An access token like the users subgraph's, for `userId` with `role`'s scopes (or `scopes`), in
   * session `sessionId` (default: a new one), or minted from the API key `apiKeyId` (no session).
   */
  token(userId: string, role?: Role, options?: TokenOptions): string;
  /** The same, from an identity. */
  tokenFor(identity: TestIdentity): string;
  /** `{ authorization: "Bearer ..." }` for a test client. */
  headers(userId: string, role?: Role): Record<string, string>;
  /** Publishes a revocation on the feed (as the users subgraph does on logout or erasure). */
  revoke(kind: RevocationKind, id: string): void;
  stop(): Promise<void>;
}

/**
 * A stand-in for the users subgraph's token issuing, for tests of other subgraphs: an RSA key,
 * its JWKS served on 127.0.0.1, and tokens with the real claims. Subgraphs verify them exactly
 * as they verify production tokens.
 */
export async function startTestIssuer(): Promise<TestIssuer> {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = createHash("sha256")
    .update(publicKey.export({ type: "spki", format: "der" }))
    .digest("base64url")
    .slice(0, 16);
  const jwk = { ...(publicKey as KeyObject).export({ format: "jwk" }), kid, alg: TOKEN_ALGORITHM, use: "sig" };
  const revocations: RevocationEntry[] = [];
  // The JWKS on every path, and the revocation feed (without a secret check: a test stand-in).
  const server = http.createServer((req, res) => {
    const body = req.url === REVOCATIONS_PATH ? { cursor: "all", revocations } : { keys: [jwk] };
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const token = (userId: string, role: Role = "CUSTOMER", options: TokenOptions = {}) =>
    jwt.sign(
      {
        role,
        scope: (options.scopes ?? ROLE_SCOPES[role]).join(" "),
        ...(options.apiKeyId ? { akid: options.apiKeyId } : { sid: options.sessionId ?? randomUUID() }),
      },
      privateKey,
      {
        algorithm: TOKEN_ALGORITHM,
        keyid: kid,
        subject: userId,
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        expiresIn: options.expiresInSeconds ?? 900,
        jwtid: randomUUID(),
      },
    );
  return {
    jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    token,
    tokenFor: (identity) => token(identity.userId, identity.role, { scopes: identity.scopes ? [...identity.scopes] : undefined }),
    headers: (userId, role) => ({ authorization: `Bearer ${token(userId, role)}` }),
    revoke: (kind, id) => void revocations.push({ kind, id, revokedAt: new Date().toISOString() }),
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
