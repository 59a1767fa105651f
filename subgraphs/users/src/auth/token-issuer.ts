import { randomUUID } from "node:crypto";
import jwt from "jsonwebtoken";
import {
  ACCESS_TOKEN_MAX_LIFETIME_SECONDS,
  TOKEN_ALGORITHM,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
  type AccessTokenClaims,
  type Role,
} from "@amazoff/kit";
import type { SigningKeys } from "./signing-keys.ts";

/**
 * Lifetime of a signed-in user's access token (15 minutes); the refresh token renews it. The
 * longest verifiers accept, and so how long revocations are kept (see revocations.ts in the kit).
 */
export const ACCESS_TOKEN_TTL_SECONDS = ACCESS_TOKEN_MAX_LIFETIME_SECONDS;
/**
 * Lifetime of a token minted from an API key. A revoked key's tokens are refused sooner, once the
 * revocation feed delivers the revocation; this bounds it should the feed be unreachable.
 */
export const API_KEY_TOKEN_TTL_SECONDS = 60;

export interface TokenSubject {
  userId: string;
  role: Role;
  scopes: readonly string[];
  /** The session (refresh-token family) of a signed-in user. */
  sessionId?: string;
  /** The API key a partner token was minted from. */
  apiKeyId?: string;
}

export interface IssuedToken {
  token: string;
  claims: AccessTokenClaims;
  expiresIn: number;
}

/** Signs access tokens (RS256, `kid` in the header) with the current signing key. */
export class TokenIssuer {
  constructor(
    private readonly keys: SigningKeys,
    private readonly now: () => number = Date.now,
  ) {}

  issue(subject: TokenSubject, ttlSeconds: number): IssuedToken {
    const iat = Math.floor(this.now() / 1000);
    const claims: AccessTokenClaims = {
      sub: subject.userId,
      role: subject.role,
      scope: subject.scopes.join(" "),
      iat,
      exp: iat + ttlSeconds,
      jti: randomUUID(),
      iss: TOKEN_ISSUER,
      aud: TOKEN_AUDIENCE,
      ...(subject.sessionId ? { sid: subject.sessionId } : {}),
      ...(subject.apiKeyId ? { akid: subject.apiKeyId } : {}),
    };
    const { kid, privateKey } = this.keys.current;
    const token = jwt.sign(claims, privateKey, { algorithm: TOKEN_ALGORITHM, keyid: kid });
    return { token, claims, expiresIn: ttlSeconds };
  }
}
