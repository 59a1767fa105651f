import type { DomainEvent } from "./envelope.ts";

/**
 * The outbox table every publishing subgraph declares in its Prisma schema (same columns):
 *
 *   model OutboxEvent {
 *     id          String    @id @db.Uuid
 *     type        String
 *     payload     Json      // the whole envelope
 *     occurredAt  DateTime  @map("occurred_at") @db.Timestamptz(3)
 *     publishedAt DateTime? @map("published_at") @db.Timestamptz(3)
 *     attempts    Int       @default(0)
 *     @@index([publishedAt, occurredAt])
 *     @@map("outbox_events")
 *   }
 *
 * and, when it consumes events, ProcessedEvent (consumer.ts).
 */
export interface RawExecutor {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

/**
 * Writes an event to the outbox with the caller's transaction client, so the event exists if and
 * only if the business change commits. The relay publishes it afterwards.
 */
export async function writeToOutbox(tx: RawExecutor, event: DomainEvent): Promise<void> {
  await tx.$executeRawUnsafe(
    "INSERT INTO outbox_events (id, type, payload, occurred_at) VALUES ($1::uuid, $2, $3::jsonb, $4::timestamptz)",
    event.id,
    event.type,
    JSON.stringify(event),
    event.occurredAt,
  );
}
