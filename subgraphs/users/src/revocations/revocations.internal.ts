import {
  BadUserInputError,
  internalRoute,
  revocationFeedRequest,
  type InternalResult,
  type Logger,
  type RevocationFeed,
  type RouteHandler,
} from "@amazoff/kit";
import type { RevocationService } from "./revocation.service.ts";

type FeedAnswer = RevocationFeed | { error: "bad_request"; message: string };

/**
 * `POST /internal/revocations` `{ cursor? }` with `authorization: Internal <INTERNAL_API_SECRET>`,
 * for the router and every subgraph (each polls it every second):
 * - 200 `{ cursor, revocations: [{ kind: "session" | "user" | "apiKey", id, revokedAt }] }`;
 * - 400 `{ error: "bad_request", message }` for a cursor this feed did not give (start again
 *   without one), 401 without the secret, 405.
 */
export function revocationFeedRoute(revocations: RevocationService, secret: string, log: Logger): RouteHandler {
  return internalRoute({
    secret,
    log,
    input: revocationFeedRequest,
    async handler({ cursor }): Promise<InternalResult<FeedAnswer>> {
      try {
        return { body: await revocations.feed(cursor) };
      } catch (error) {
        if (error instanceof BadUserInputError) return { status: 400, body: { error: "bad_request", message: error.message } };
        throw error;
      }
    },
  });
}
