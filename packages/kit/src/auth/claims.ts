import { isRole, type Role } from "./roles.ts";

/** Issuer and audience of every Amazoff access token. */
export const TOKEN_ISSUER = "amazoff-users";
export const TOKEN_AUDIENCE = "amazoff";
/** Signature algorithm of access tokens: RS256 (verification, the hot path, is cheapest). */
export const TOKEN_ALGORITHM = "RS256";
/**
 * The longest an access token may live (`exp - iat`); verifiers refuse longer-lived ones, so that
 * a revocation needs to be remembered only this long (see revocations.ts).
 */
export const ACCESS_TOKEN_MAX_LIFETIME_SECONDS = 15 * 60;

/**
 * Claims of an access token signed by the users subgraph. The JOSE header carries `kid`.
 * - `sub`: the user id; `role`; `scope`: space-separated scopes (OAuth 2 style);
 * - `iat`, `exp` (short-lived), `jti` (unique id), `iss`, `aud`;
 * - `sid`: the session (refresh-token family) for user tokens, `akid`: the API key for partner
 *   tokens minted from an API key.
 */
export interface AccessTokenClaims {
  sub: string;
  role: Role;
  scope: string;
  iat: number;
  exp: number;
  jti: string;
  iss: string;
  aud: string;
  sid?: string;
  akid?: string;
}

/** Who is calling, as every service sees it after verifying the token. */
export interface Viewer {
  userId: string;
  role: Role;
  scopes: ReadonlySet<string>;
  /** `session`: a user signed in; `api-key`: a partner's key. */
  via: "session" | "api-key";
  sessionId?: string;
  apiKeyId?: string;
  tokenId: string;
  /**
   * When the token stops being valid (milliseconds since the epoch): a long-lived connection
   * (a subscription) authenticated with it must end then.
   */
  expiresAt?: number;
}

export function viewerFromClaims(claims: Record<string, unknown>): Viewer | null {
  const { sub, role, scope, jti, sid, akid, exp } = claims;
  if (typeof sub !== "string" || !isRole(role) || typeof scope !== "string" || typeof jti !== "string") return null;
  return {
    userId: sub,
    role,
    scopes: new Set(scope.split(" ").filter(Boolean)),
    via: typeof akid === "string" ? "api-key" : "session",
    sessionId: typeof sid === "string" ? sid : undefined,
    apiKeyId: typeof akid === "string" ? akid : undefined,
    tokenId: jti,
    expiresAt: typeof exp === "number" ? exp * 1000 : undefined,
  };
}
