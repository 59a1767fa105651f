import type { IncomingHttpHeaders } from "node:http";
import { bearerToken, UnauthenticatedError, type RevocationList, type TokenVerifier, type Viewer } from "@amazoff/kit";
import type { ApiKeyExchanger, ExchangeOptions } from "./api-keys.ts";

export const API_KEY_HEADER = "x-api-key";

/** Who is calling, and the token that says so to the subgraphs. */
export interface Authentication {
  viewer: Viewer | null;
  /** Forwarded as `Authorization: Bearer` to every subgraph; null for anonymous requests. */
  token: string | null;
}

export const ANONYMOUS: Authentication = Object.freeze({ viewer: null, token: null });

/** A credential that was presented and is not valid; answered with this HTTP status. */
export class AuthenticationError extends UnauthenticatedError {
  constructor(
    message: string,
    readonly status: 400 | 401 = 401,
  ) {
    super(message);
  }
}

export interface Authenticator {
  /**
   * The caller of a request; throws AuthenticationError for a credential that is not valid.
   * `clientAddress` goes with an API key to the exchange (its failures are throttled per address).
   */
  authenticate(headers: IncomingHttpHeaders, clientAddress?: string, options?: ExchangeOptions): Promise<Authentication>;
  /**
   * Throws UNAUTHENTICATED when a viewer authenticated earlier has since been revoked (its session,
   * account or API key), or when revocations cannot be checked any more: for identities that
   * outlive a request, such as a WebSocket connection's. A map lookup; never calls anything.
   */
  recheck(viewer: Viewer): void;
  /** Stops background work (the revocation feed's polling). */
  stop(): void;
}

/** API keys are opaque to the router; this only keeps junk from reaching the users subgraph. */
const API_KEY_FORMAT = /^[A-Za-z0-9._~+/=-]{8,512}$/;

/**
 * Authenticates a request from `Authorization: Bearer <jwt>` (verified against the users
 * subgraph's JWKS) or `x-api-key: <key>` (exchanged for a token at the users subgraph). No
 * credential is an anonymous request; a credential that is not valid is refused, never ignored.
 * Without a verifier (a generic router with no JWKS configured) every credential is refused.
 */
export function createAuthenticator(options: {
  verifier?: TokenVerifier;
  apiKeys?: ApiKeyExchanger;
  /** The revocations the verifier and the API keys are checked against, for `recheck`. */
  revocations?: RevocationList;
}): Authenticator {
  return {
    async authenticate(headers, clientAddress, exchangeOptions) {
      const authorization = headers.authorization;
      const apiKeyHeader = headers[API_KEY_HEADER];
      const apiKey = Array.isArray(apiKeyHeader) ? apiKeyHeader[0] : apiKeyHeader;
      if (authorization && apiKey !== undefined) {
        throw new AuthenticationError("Send either an Authorization header or an x-api-key header, not both", 400);
      }
      try {
        if (apiKey !== undefined) {
          if (!options.apiKeys) throw new AuthenticationError("This router does not accept API keys");
          const key = apiKey.trim();
          if (!API_KEY_FORMAT.test(key)) throw new AuthenticationError("Invalid API key");
          const { token, viewer } = await options.apiKeys.exchange(key, clientAddress, exchangeOptions);
          return { token, viewer };
        }
        const token = bearerToken(authorization);
        if (!token) return ANONYMOUS;
        if (!options.verifier) throw new AuthenticationError("This router does not accept access tokens");
        return { token, viewer: await options.verifier.verify(token) };
      } catch (error) {
        if (error instanceof AuthenticationError) throw error;
        // The kit's verifier and bearerToken say why with an UnauthenticatedError.
        if (error instanceof UnauthenticatedError) throw new AuthenticationError(error.message);
        throw error;
      }
    },
    recheck(viewer) {
      options.revocations?.check(viewer);
    },
    stop() {
      options.verifier?.stop?.();
    },
  };
}
