import { usersApi } from "@amazoff/contracts";
import { AppError, ErrorCode, internalRoute, type Logger, type RouteHandler } from "@amazoff/kit";
import type { ApiKeyService } from "../api-keys/api-key.service.ts";
import { clientAddress } from "../auth/client-address.ts";

export const API_KEY_EXCHANGE_PATH = usersApi.apiKeyExchange.path;

/** A key is ~56 characters; anything near this size is not one. */
const MAX_BODY_BYTES = 4096;

/**
 * Serves `usersApi.apiKeyExchange` (see @amazoff/contracts) for the router. The client address
 * for throttling is the first `x-forwarded-for` entry the router forwards. No answer may be
 * stored anywhere on the way (`cache-control: no-store`): a success carries a token.
 */
export function apiKeyExchangeRoute(apiKeys: ApiKeyService, secret: string, log: Logger): RouteHandler {
  return internalRoute(usersApi.apiKeyExchange, {
    secret,
    log,
    maxBodyBytes: MAX_BODY_BYTES,
    headers: { "cache-control": "no-store" },
    async handler({ apiKey }, request) {
      try {
        return { status: 200, body: await apiKeys.exchange({ address: clientAddress(request.headers, request.remoteAddress) }, apiKey) };
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        if (error.code === ErrorCode.RATE_LIMITED) {
          const seconds = Number(error.extensions.retryAfterSeconds);
          return { status: 429, body: { error: "rate_limited", retryAfterSeconds: seconds }, headers: { "retry-after": String(seconds) } };
        }
        if (error.code === ErrorCode.UNAUTHENTICATED) {
          request.log.info({ prefix: /^amz_([a-z0-9]{8})_/.exec(apiKey)?.[1] ?? null }, "API key exchange refused");
          return { status: 401, body: { error: "invalid_api_key" } };
        }
        throw error;
      }
    },
  });
}
