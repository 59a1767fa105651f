import type { Logger } from "@amazoff/kit";
import PgBoss from "pg-boss";
import { parseEvent, type DomainEvent, type EventType } from "./envelope.ts";

export type EventHandler = (event: DomainEvent) => Promise<void>;

export interface EventBus {
  /** Fans the event out to every queue subscribed to its type; the event id dedupes re-sends. */
  publish(event: DomainEvent): Promise<void>;
  /**
   * Consumes `types` in a durable queue of this consumer's own (`<consumer>.<type>`): each
   * subgraph gets every event once, retried with backoff on failure (at least once).
   */
  subscribe(consumer: string, types: EventType[], handler: EventHandler): Promise<void>;
  stop(): Promise<void>;
}

/** pg-boss on PostgreSQL (the `events` database by default): the durable queue behind the outbox. */
export async function connectEventBus(options: {
  connectionString: string;
  log: Logger;
  pollingIntervalSeconds?: number;
}): Promise<EventBus> {
  const log = options.log.child({ source: "event-bus" });
  const boss = new PgBoss({
    connectionString: options.connectionString,
    schema: "pgboss",
    max: 4,
    retryLimit: 10,
    retryDelay: 2,
    retryBackoff: true,
    supervise: true,
  });
  boss.on("error", (error) => log.error({ err: error }, "pg-boss error"));
  await boss.start();
  const polling = options.pollingIntervalSeconds ?? 0.5;

  return {
    async publish(event) {
      await boss.publish(event.type, event as unknown as object, { id: event.id });
    },
    async subscribe(consumer, types, handler) {
      for (const type of types) {
        const queue = `${consumer}.${type}`;
        await boss.createQueue(queue, { name: queue, retryLimit: 10, retryDelay: 2, retryBackoff: true });
        await boss.subscribe(type, queue);
        await boss.work<object>(queue, { pollingIntervalSeconds: polling, batchSize: 1 }, async (jobs) => {
          for (const job of jobs) {
            let event: DomainEvent;
            try {
              event = parseEvent(job.data);
            } catch (error) {
              // A malformed job would fail forever: log it and let it complete.
              log.error({ err: error, queue, jobId: job.id }, "dropping malformed event");
              continue;
            }
            await handler(event);
          }
        });
      }
    },
    async stop() {
      await boss.stop({ graceful: true, timeout: 5_000, wait: true });
    },
  };
}
