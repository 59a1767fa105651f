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

/** PostgreSQL's "deadlock detected": one of the transactions was rolled back and may simply run again. */
const DEADLOCK_DETECTED = "40P01";

/**
 * pg-boss creates a queue with DDL on its shared tables (a partition and a foreign key to
 * `pgboss.queue`); when several services create their queues at the same moment on a fresh events
 * database (every `npm start` from a clean clone), PostgreSQL may pick one of them as a deadlock
 * victim. Creating a queue is idempotent, so the victim tries again after a short, jittered wait.
 */
export async function retryOnDeadlock<T>(work: () => Promise<T>, log: Logger, attempts = 6): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if ((error as { code?: string }).code !== DEADLOCK_DETECTED || attempt >= attempts) throw error;
      const delayMs = 50 * 2 ** attempt * (0.5 + Math.random());
      log.warn({ attempt, delayMs: Math.round(delayMs) }, "deadlock while creating a queue; trying again");
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
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
        await retryOnDeadlock(async () => {
          await boss.createQueue(queue, { name: queue, retryLimit: 10, retryDelay: 2, retryBackoff: true });
          await boss.subscribe(type, queue);
        }, log);
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
