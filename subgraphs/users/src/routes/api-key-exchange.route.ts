import { AppError, ErrorCode, presentsInternalSecret, type Logger, type RouteHandler } from "@amazoff/kit";
import type { ApiKeyService } from "../api-keys/api-key.service.ts";
import { clientAddress } from "../auth/client-address.ts";
import { BodyError, readJsonBody, send } from "./json-body.ts";

export const API_KEY_EXCHANGE_PATH = "/internal/api-keys/exchange";

/** A key is ~56 characters; anything near this size is not one. */
const MAX_BODY_BYTES = 4096;
const NO_STORE = { "cache-control": "no-store" };

/**
 * `POST /internal/api-keys/exchange` with `{"apiKey": "amz_..."}` and, like every internal
 * endpoint, `authorization: Internal <INTERNAL_API_SECRET>`, for the router:
 * - 200 `{"accessToken": "<RS256 JWT>", "expiresIn": 60}`: role PARTNER, the key's scopes, `akid`;
 * - 401 `{"error": "invalid_api_key"}`: unknown, malformed, revoked or expired key;
 * - 429 `{"error": "rate_limited", "retryAfterSeconds": n}` (and `Retry-After`) after repeated failures;
 * - 401 `{"error": "unauthorized"}` without the internal secret (nothing else is looked at);
 * - 400 `{"error": "invalid_request"}` (no JSON object with a string `apiKey`), 405, 413, 415.
 * The client address for throttling is the first `x-forwarded-for` entry the router forwards.
 * It answers in its own format (429 with Retry-After), hence its own secret check rather than
 * the kit's `internalRoute`.
 */
export function apiKeyExchangeRoute(apiKeys: ApiKeyService, secret: string, log: Logger): RouteHandler {
  return async (req, res) => {
    if (req.method !== "POST") {
      send(res, 405, { error: "method_not_allowed" }, { allow: "POST", ...NO_STORE });
      return;
    }
    if (!presentsInternalSecret(req.headers.authorization, secret)) {
      send(res, 401, { error: "unauthorized" }, NO_STORE);
      return;
    }
    let body: unknown;
    try {
      body = await readJsonBody(req, MAX_BODY_BYTES);
    } catch (error) {
      if (!(error instanceof BodyError)) throw error;
      send(res, error.status, { error: error.code }, NO_STORE);
      return;
    }
    const apiKey = typeof body === "object" && body !== null ? (body as { apiKey?: unknown }).apiKey : undefined;
    if (typeof apiKey !== "string") {
      send(res, 400, { error: "invalid_request" }, NO_STORE);
      return;
    }
    try {
      const result = await apiKeys.exchange({ address: clientAddress(req.headers, req.socket.remoteAddress) }, apiKey);
      send(res, 200, result, NO_STORE);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.code === ErrorCode.RATE_LIMITED) {
        const seconds = Number(error.extensions.retryAfterSeconds);
        send(res, 429, { error: "rate_limited", retryAfterSeconds: seconds }, { "retry-after": String(seconds), ...NO_STORE });
        return;
      }
      if (error.code === ErrorCode.UNAUTHENTICATED) {
        log.info({ prefix: /^amz_([a-z0-9]{8})_/.exec(apiKey)?.[1] ?? null }, "API key exchange refused");
        send(res, 401, { error: "invalid_api_key" }, NO_STORE);
        return;
      }
      throw error;
    }
  };
}
