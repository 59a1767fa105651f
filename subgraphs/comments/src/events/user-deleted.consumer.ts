import { processOnce, type EventHandler, type EventPayload } from "@amazoff/events";
import type { Logger } from "@amazoff/kit";
import type pg from "pg";
import { anonymiseUserComments } from "./user-erasure.repository.ts";

/** This subgraph's name as an event consumer (its queues are `comments.<EventType>`). */
export const CONSUMER = "comments";

/**
 * UserDeleted (GDPR erasure): anonymises the user's comments, once per event (a redelivered
 * event is skipped; a failed one leaves nothing behind and is retried).
 */
export function userDeletedHandler(pool: pg.Pool, log: Logger): EventHandler {
  const logger = log.child({ source: "UserDeletedConsumer" });
  return async (event) => {
    if (event.type !== "UserDeleted") return;
    const { userId } = event.payload as EventPayload<"UserDeleted">;
    let erased = { comments: 0 };
    const processed = await processOnce(pool, CONSUMER, event, async (client) => {
      erased = await anonymiseUserComments(client, userId.toLowerCase());
    });
    logger.info({ eventId: event.id, processed, ...erased }, processed ? "anonymised the user's comments" : "event already processed");
  };
}
