import type pg from "pg";
import type { DomainEvent } from "./envelope.ts";

/*
 * Consumers record what they processed in their own database:
 *
 *   model ProcessedEvent {
 *     consumer    String
 *     eventId     String   @map("event_id") @db.Uuid
 *     processedAt DateTime @default(now()) @map("processed_at") @db.Timestamptz(3)
 *     @@id([consumer, eventId])
 *     @@map("processed_events")
 *   }
 */

/**
 * Runs `work` once per (consumer, event): the marker row and the work commit in one transaction
 * on one connection, so a redelivered event is skipped and a failed one leaves no trace (it is
 * retried). Returns false when the event had already been processed.
 */
export async function processOnce(
  pool: pg.Pool,
  consumer: string,
  event: DomainEvent,
  work: (client: pg.PoolClient) => Promise<void>,
): Promise<boolean> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const { rowCount } = await client.query(
      "INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2::uuid) ON CONFLICT DO NOTHING",
      [consumer, event.id],
    );
    if (!rowCount) {
      await client.query("ROLLBACK");
      return false;
    }
    await work(client);
    await client.query("COMMIT");
    return true;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
