import { createPublicKey, type JsonWebKey, type KeyObject } from "node:crypto";
import jwt from "jsonwebtoken";
import { UnauthenticatedError } from "../errors.ts";
import {
  ACCESS_TOKEN_MAX_LIFETIME_SECONDS,
  TOKEN_ALGORITHM,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
  viewerFromClaims,
  type Viewer,
} from "./claims.ts";

export interface Jwk extends JsonWebKey {
  kid: string;
}

/** Where public keys come from: the users subgraph's JWKS over HTTP, or keys in process. */
export type KeySource = () => Promise<Jwk[]>;

export function jwksFromUrl(url: string, timeoutMs = 3000): KeySource {
  return async () => {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) throw new Error(`JWKS ${url} answered ${response.status}`);
    const body = (await response.json()) as { keys?: Jwk[] };
    return (body.keys ?? []).filter((k) => typeof k.kid === "string");
  };
}

export interface TokenVerifier {
  /** The viewer of a Bearer token; throws UNAUTHENTICATED when the token is not valid. */
  verify(token: string): Promise<Viewer>;
  /**
   * Throws UNAUTHENTICATED when a viewer this verifier accepted earlier must no longer be served
   * (its session, account or API key was revoked since). Long-lived connections call it again
   * and again; a request verifies its token once and needs no more.
   */
  check?(viewer: Viewer): void;
  /** Stops background work (the revocation feed's polling), if any. */
  stop?(): void;
}

/**
 * Verifies access tokens against the published public keys. Keys are cached by `kid`; a token
 * with an unknown `kid` triggers a refresh (at most once per `minRefreshIntervalMs`, so garbage
 * tokens cannot make us hammer the JWKS endpoint). Only RS256 is accepted: `alg: none` and
 * HS256-signed-with-the-public-key tokens are refused.
 */
export function createTokenVerifier(
  source: KeySource,
  options: { minRefreshIntervalMs?: number; clockToleranceSeconds?: number } = {},
): TokenVerifier {
  const keys = new Map<string, KeyObject>();
  let lastRefresh = 0;
  let refreshing: Promise<void> | undefined;
  const minInterval = options.minRefreshIntervalMs ?? 10_000;

  const refresh = () => {
    refreshing ??= source()
      .then((jwks) => {
        keys.clear();
        for (const jwk of jwks) {
          if (jwk.kty !== "RSA") continue;
          keys.set(jwk.kid, createPublicKey({ key: jwk, format: "jwk" }));
        }
        lastRefresh = Date.now();
      })
      .finally(() => {
        refreshing = undefined;
      });
    return refreshing;
  };

  async function keyFor(kid: string): Promise<KeyObject | undefined> {
    const known = keys.get(kid);
    if (known) return known;
    if (Date.now() - lastRefresh >= minInterval || keys.size === 0) {
      try {
        await refresh();
      } catch {
        throw new UnauthenticatedError("Token verification keys are unavailable; try again");
      }
    }
    return keys.get(kid);
  }

  return {
    async verify(token) {
      const decoded = jwt.decode(token, { complete: true });
      if (!decoded || typeof decoded.payload === "string") throw new UnauthenticatedError("Invalid access token");
      if (decoded.header.alg !== TOKEN_ALGORITHM) throw new UnauthenticatedError("Invalid access token");
      const kid = decoded.header.kid;
      if (!kid) throw new UnauthenticatedError("Invalid access token");
      const key = await keyFor(kid);
      if (!key) throw new UnauthenticatedError("Invalid access token");
      let claims: jwt.JwtPayload | string;
      const tolerance = options.clockToleranceSeconds ?? 5;
      try {
        claims = jwt.verify(token, key, {
          algorithms: [TOKEN_ALGORITHM],
          issuer: TOKEN_ISSUER,
          audience: TOKEN_AUDIENCE,
          clockTolerance: tolerance,
        });
      } catch (error) {
        const expired = error instanceof jwt.TokenExpiredError;
        throw new UnauthenticatedError(expired ? "Access token expired" : "Invalid access token");
      }
      // jsonwebtoken checks `exp` and `nbf` only when present and never looks at `iat`: a token
      // must expire, one issued in the future is not valid yet, and one that lives longer than
      // any we issue would outlive its revocation (revocations are remembered that long only).
      if (
        typeof claims === "string" ||
        typeof claims.exp !== "number" ||
        typeof claims.iat !== "number" ||
        claims.iat > Date.now() / 1000 + tolerance ||
        claims.exp - claims.iat > ACCESS_TOKEN_MAX_LIFETIME_SECONDS
      ) {
        throw new UnauthenticatedError("Invalid access token");
      }
      const viewer = typeof claims === "string" ? null : viewerFromClaims(claims);
      if (!viewer) throw new UnauthenticatedError("Invalid access token");
      return viewer;
    },
  };
}

/** The token of an `Authorization: Bearer <token>` header; null when there is none. */
export function bearerToken(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(value.trim());
  if (!match) throw new UnauthenticatedError("Authorization header must be `Bearer <token>`");
  return match[1]!;
}
