import { BadUserInputError, internalRoute, revocationFeed, type Logger, type RouteHandler } from "@amazoff/kit";
import type { RevocationService } from "./revocation.service.ts";

/**
 * Serves the revocation feed (`revocationFeed`, defined in the kit beside its readers) for the
 * router and every subgraph, each of which polls it every second: 200 with what was revoked since
 * the cursor; 400 for a cursor this feed did not give (the reader starts again without one).
 */
export function revocationFeedRoute(revocations: RevocationService, secret: string, log: Logger): RouteHandler {
  return internalRoute(revocationFeed, {
    secret,
    log,
    async handler({ cursor }) {
      try {
        return { status: 200, body: await revocations.feed(cursor) };
      } catch (error) {
        if (error instanceof BadUserInputError) return { status: 400, body: { error: "bad_request", message: error.message } };
        throw error;
      }
    },
  });
}
