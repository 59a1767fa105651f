import { connectEventBus, processOnce, type EventBus, type EventHandler, type EventPayload } from "@amazoff/events";
import type { Logger } from "@amazoff/kit";
import type pg from "pg";
import { eraseUserCartData } from "./user-erasure.repository.ts";

/** This subgraph's name as an event consumer (its queues are `cart.<EventType>`). */
export const CONSUMER = "cart";

/**
 * UserDeleted (GDPR erasure): deletes the user's cart and the markers naming them, once per event
 * (a redelivered event is skipped; a failed one leaves nothing behind and is retried).
 */
export function userDeletedHandler(pool: pg.Pool, log: Logger): EventHandler {
  const logger = log.child({ source: "UserDeletedConsumer" });
  return async (event) => {
    if (event.type !== "UserDeleted") return;
    const { userId } = event.payload as EventPayload<"UserDeleted">;
    let erased = { carts: 0 };
    const processed = await processOnce(pool, CONSUMER, event, async (client) => {
      erased = await eraseUserCartData(client, userId.toLowerCase());
    });
    logger.info({ eventId: event.id, processed, ...erased }, processed ? "erased the user's cart data" : "event already processed");
  };
}

/** Connects to the event queue and starts this subgraph's consumers. */
export async function startEventConsumers(options: { connectionString: string; pool: pg.Pool; log: Logger }): Promise<EventBus> {
  const bus = await connectEventBus({ connectionString: options.connectionString, log: options.log });
  try {
    await bus.subscribe(CONSUMER, ["UserDeleted"], userDeletedHandler(options.pool, options.log));
    return bus;
  } catch (error) {
    await bus.stop().catch(() => {});
    throw error;
  }
}
