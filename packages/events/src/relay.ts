import type { Logger } from "@amazoff/kit";
import type pg from "pg";
import type { DomainEvent } from "./envelope.ts";
import type { EventBus } from "./bus.ts";

export interface OutboxRelay {
  /** Publishes now rather than at the next tick (call after committing an event). */
  kick(): void;
  stop(): Promise<void>;
}

/**
 * Moves committed outbox rows to the queue. Rows are claimed with FOR UPDATE SKIP LOCKED, so
 * several replicas of a subgraph can relay side by side; a row is marked published only after the
 * queue accepted it, so a crash in between re-sends it (at least once; the event id dedupes it in
 * pg-boss and consumers process each id once).
 */
export function startOutboxRelay(options: {
  pool: pg.Pool;
  bus: EventBus;
  log: Logger;
  intervalMs?: number;
  batchSize?: number;
}): OutboxRelay {
  const log = options.log.child({ source: "outbox-relay" });
  const interval = options.intervalMs ?? 250;
  const batch = options.batchSize ?? 100;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  async function drain(): Promise<void> {
    for (;;) {
      const client = await options.pool.connect();
      let published = 0;
      try {
        await client.query("BEGIN");
        const { rows } = await client.query<{ id: string; payload: DomainEvent }>(
          "SELECT id, payload FROM outbox_events WHERE published_at IS NULL ORDER BY occurred_at LIMIT $1 FOR UPDATE SKIP LOCKED",
          [batch],
        );
        for (const row of rows) {
          try {
            await options.bus.publish(row.payload);
            await client.query("UPDATE outbox_events SET published_at = now(), attempts = attempts + 1 WHERE id = $1", [row.id]);
            published += 1;
          } catch (error) {
            await client.query("UPDATE outbox_events SET attempts = attempts + 1 WHERE id = $1", [row.id]);
            log.warn({ err: error, eventId: row.id }, "publish failed; will retry");
            break;
          }
        }
        await client.query("COMMIT");
        if (rows.length < batch || published < rows.length) return;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    }
  }

  function run(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = drain()
      .catch((error: unknown) => log.error({ err: error }, "outbox relay failed"))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          run();
        }
      });
  }

  const timer = setInterval(run, interval);
  timer.unref();
  run();
  return {
    kick: run,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
