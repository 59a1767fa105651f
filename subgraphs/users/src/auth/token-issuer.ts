import { randomUUID } from "node:crypto";
import jwt from "jsonwebtoken";
import { TOKEN_ALGORITHM, TOKEN_AUDIENCE, TOKEN_ISSUER, type AccessTokenClaims, type Role } from "@amazoff/kit";
import type { SigningKeys } from "./signing-keys.ts";

/** Lifetime of a signed-in user's access token; the refresh token renews it. */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
/** Lifetime of a token minted from an API key: a revoked key stops working everywhere within it. */
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
