import { connectEventBus, type EventBus } from "./bus.ts";
import { startOutboxRelay, type OutboxRelay } from "./relay.ts";
import type { Logger } from "@amazoff/kit";
import type pg from "pg";

export interface EventPublishing {
  relay: OutboxRelay | null;
  /** The queue in use (for subscribing consumers), null when there is none. */
  bus: EventBus | null;
  stop(): Promise<void>;
}

/**
 * Relays this subgraph's outbox to the event queue. `bus`: an open bus to use (tests; the caller
 * closes it); otherwise one is opened on `eventsUrl` and closed by `stop`. With neither, events
 * wait in the outbox (committed, never lost) until a process with a queue relays them.
 */
export async function startEventPublishing(options: {
  pool: pg.Pool;
  log: Logger;
  bus?: EventBus | null;
  eventsUrl?: string;
}): Promise<EventPublishing> {
  const owned = options.bus
    ? null
    : options.eventsUrl
      ? await connectEventBus({ connectionString: options.eventsUrl, log: options.log })
      : null;
  const bus = options.bus ?? owned;
  if (!bus) {
    options.log.warn("no event queue configured (EVENTS_DATABASE_URL): events stay in the outbox");
    return { relay: null, bus: null, stop: async () => {} };
  }
  const relay = startOutboxRelay({ pool: options.pool, bus, log: options.log });
  return {
    relay,
    bus,
    async stop() {
      await relay.stop();
      await owned?.stop();
    },
  };
}
