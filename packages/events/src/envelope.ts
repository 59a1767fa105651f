import { randomUUID } from "node:crypto";
import { z } from "zod";

/**
 * The payload of every domain event, by type. Payloads carry ids, not personal data: a consumer
 * that needs more asks the owning subgraph, so erasing a user never has to chase copies in
 * queues. Add a type here before publishing it.
 */
export const EVENT_PAYLOADS = {
  UserRegistered: z.object({ userId: z.uuid(), role: z.string() }),
  UserDeleted: z.object({ userId: z.uuid() }),
  OrderPlaced: z.object({ orderId: z.uuid(), userId: z.uuid() }),
  OrderStatusChanged: z.object({ orderId: z.uuid(), userId: z.uuid(), from: z.string(), to: z.string() }),
  PaymentFailed: z.object({ orderId: z.uuid(), userId: z.uuid(), reason: z.string() }),
  StockLow: z.object({ productId: z.uuid(), storeId: z.uuid(), available: z.number().int() }),
  /**
   * A product's availability as shoppers see it (Product.availability: its status, and the units
   * available across active stores capped at 99) changed. Published on every such change.
   */
  StockChanged: z.object({
    productId: z.uuid(),
    status: z.enum(["IN_STOCK", "LOW_STOCK", "OUT_OF_STOCK"]),
    availableQuantity: z.number().int().min(0),
  }),
  /**
   * comments: `authorId` replied (comment `commentId`) to `recipientId`'s comment `replyToId` in the
   * section `sectionId` (`product:<id>`, `event:<id>` or `page:<slug>`). Not published for a reply
   * to one's own comment, nor to a comment whose author was erased.
   */
  CommentReplied: z.object({
    commentId: z.uuid(),
    replyToId: z.uuid(),
    sectionId: z.string(),
    recipientId: z.uuid(),
    authorId: z.uuid(),
  }),
} as const;

export type EventType = keyof typeof EVENT_PAYLOADS;
export type EventPayload<T extends EventType> = z.infer<(typeof EVENT_PAYLOADS)[T]>;

/** The envelope every event travels in, from the outbox to each consumer. */
export interface DomainEvent<T extends EventType = EventType> {
  /** Unique id: consumers use it to process each event once. */
  id: string;
  type: T;
  /** The subgraph that published it. */
  source: string;
  occurredAt: string;
  payload: EventPayload<T>;
}

export function createEvent<T extends EventType>(source: string, type: T, payload: EventPayload<T>): DomainEvent<T> {
  const parsed = EVENT_PAYLOADS[type].parse(payload) as EventPayload<T>;
  return { id: randomUUID(), type, source, occurredAt: new Date().toISOString(), payload: parsed };
}

const envelopeSchema = z.object({
  id: z.uuid(),
  type: z.enum(Object.keys(EVENT_PAYLOADS) as [EventType, ...EventType[]]),
  source: z.string(),
  occurredAt: z.string(),
  payload: z.unknown(),
});

/** Validates an envelope read from the queue (a malformed job is rejected, not half-processed). */
export function parseEvent(data: unknown): DomainEvent {
  const envelope = envelopeSchema.parse(data);
  const payload = EVENT_PAYLOADS[envelope.type].parse(envelope.payload);
  return { ...envelope, payload } as DomainEvent;
}
