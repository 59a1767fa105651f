import { connectEventBus, processOnce, type DomainEvent, type EventBus, type EventHandler, type EventType } from "@amazoff/events";
import type { Logger } from "@amazoff/kit";
import type pg from "pg";
import type { DeliveryRepository } from "../deliveries/delivery.repository.ts";
import * as content from "../notifications/notification-content.ts";
import type { Notification, NotificationDraft } from "../notifications/notification.model.ts";
import type { NotificationRepository } from "../notifications/notification.repository.ts";
import type { Peers } from "../peers/peers.ts";
import { channelsFor } from "../preferences/preference.model.ts";
import type { PreferenceRepository } from "../preferences/preference.repository.ts";
import type { OrderOwnerRepository } from "../realtime/order-owner.repository.ts";
import { ORDER_STATUSES, type OrderStatus } from "../realtime/realtime.model.ts";
import type { RealtimeService } from "../realtime/realtime.service.ts";
import type { ConsumerRepository } from "./consumer.repository.ts";

/** This subgraph's name as an event consumer (its queues are `notifications.<EventType>`). */
export const CONSUMER = "notifications";

/** The domain events notifications are made from. */
export const CONSUMED_EVENTS: EventType[] = [
  "UserRegistered",
  "UserDeleted",
  "OrderPlaced",
  "OrderStatusChanged",
  "PaymentFailed",
  "StockLow",
  "StockChanged",
];

export interface ConsumerDependencies {
  pool: pg.Pool;
  notifications: NotificationRepository;
  deliveries: DeliveryRepository;
  preferences: PreferenceRepository;
  owners: OrderOwnerRepository;
  consumer: ConsumerRepository;
  peers: Peers;
  realtime: RealtimeService;
  shopName: string;
  /** Whether SMS can be sent at all (a provider is configured). */
  smsEnabled: boolean;
  /** Told after deliveries were queued and committed (wakes the delivery worker). */
  deliveriesQueued: () => void;
  log: Logger;
}

const isOrderStatus = (value: string): value is OrderStatus => (ORDER_STATUSES as readonly string[]).includes(value);

/**
 * Turns domain events into notifications, each event once (`processOnce`: the notifications,
 * their deliveries and the "processed" marker commit together, so a redelivered event makes
 * nothing more, and a failed one leaves nothing behind and is retried). What was made is pushed
 * to live subscribers only after it committed.
 */
export function notificationEventHandler(deps: ConsumerDependencies): EventHandler {
  const log = deps.log.child({ source: "NotificationConsumer" });

  /** Makes `draft` for each recipient still with an account, queues their email and SMS; `also` runs in the same transaction. */
  async function notify(
    event: DomainEvent,
    recipientIds: readonly string[],
    draft: NotificationDraft | null,
    also?: (client: pg.PoolClient, recipients: readonly string[]) => Promise<void>,
  ) {
    let made: Notification[] = [];
    const processed = await processOnce(deps.pool, CONSUMER, event, async (client) => {
      const erased = await deps.consumer.erased(client, recipientIds);
      const recipients = recipientIds.filter((id) => !erased.has(id));
      await also?.(client, recipients);
      if (!draft || recipients.length === 0) return;
      made = await deps.notifications.insert(client, recipients, draft);
      const preferences = new Map((await deps.preferences.findMany(recipients, client)).map((p) => [p.userId, p]));
      const queued = made.flatMap((n) =>
        channelsFor(preferences.get(n.recipientId)!, n.kind)
          .filter((channel) => channel === "EMAIL" || deps.smsEnabled)
          .map((channel) => ({ notificationId: n.id, recipientId: n.recipientId, channel })),
      );
      await deps.deliveries.enqueue(client, queued);
    });
    log.info(
      { eventId: event.id, type: event.type, processed, notifications: made.length },
      processed ? "event processed" : "event already processed",
    );
    if (!processed) return false;
    if (made.length) {
      deps.deliveriesQueued();
      await deps.realtime.notificationsMade(made).catch((error: unknown) => log.warn({ err: error }, "live notification not published"));
    }
    return true;
  }

  /** Feeds the order-owner projection (not for an erased customer: the order is no one's to watch any more). */
  const recordOwner = (orderId: string) => async (client: pg.PoolClient, recipients: readonly string[]) => {
    if (recipients[0]) await deps.owners.record(orderId.toLowerCase(), recipients[0], client);
  };

  return async (event) => {
    const e = event as DomainEvent;
    switch (e.type) {
      case "UserRegistered": {
        const { userId } = (e as DomainEvent<"UserRegistered">).payload;
        await notify(e, [userId.toLowerCase()], content.welcome(deps.shopName));
        return;
      }
      case "OrderPlaced": {
        const { orderId, userId } = (e as DomainEvent<"OrderPlaced">).payload;
        await notify(e, [userId.toLowerCase()], content.orderPlaced(orderId.toLowerCase()), recordOwner(orderId));
        return;
      }
      case "OrderStatusChanged": {
        const { orderId: rawOrderId, userId, from, to } = (e as DomainEvent<"OrderStatusChanged">).payload;
        const orderId = rawOrderId.toLowerCase();
        const processed = await notify(e, [userId.toLowerCase()], content.orderStatusChanged(orderId, to), recordOwner(orderId));
        if (processed && isOrderStatus(from) && isOrderStatus(to)) {
          await deps.realtime
            .orderStatusChanged({ orderId, from, status: to, changedAt: new Date(e.occurredAt) })
            .catch((error: unknown) => log.warn({ err: error, orderId }, "live order status not published"));
        }
        return;
      }
      case "PaymentFailed": {
        const { userId, reason } = (e as DomainEvent<"PaymentFailed">).payload;
        await notify(e, [userId.toLowerCase()], content.paymentFailed(reason));
        return;
      }
      case "StockLow": {
        const { productId, storeId, available } = (e as DomainEvent<"StockLow">).payload;
        // Before the transaction: a network call has no business holding a database connection.
        const staff = await deps.peers.staffIds(`event-${e.id}`);
        await notify(e, staff, content.stockLow(productId.toLowerCase(), storeId.toLowerCase(), available));
        return;
      }
      case "StockChanged": {
        const { productId, status, availableQuantity } = (e as DomainEvent<"StockChanged">).payload;
        if (await notify(e, [], null)) {
          await deps.realtime
            .stockChanged({ productId: productId.toLowerCase(), status, availableQuantity, changedAt: new Date(e.occurredAt) })
            .catch((error: unknown) => log.warn({ err: error, productId }, "live stock change not published"));
        }
        return;
      }
      case "UserDeleted": {
        const { userId } = (e as DomainEvent<"UserDeleted">).payload;
        let erased = { notifications: 0, deliveries: 0 };
        const processed = await processOnce(deps.pool, CONSUMER, e, async (client) => {
          erased = await deps.consumer.eraseUser(client, userId.toLowerCase());
        });
        log.info({ eventId: e.id, processed, ...erased }, processed ? "erased the user's notifications" : "event already processed");
        return;
      }
      default:
        return;
    }
  };
}

/** Connects to the event queue and consumes CONSUMED_EVENTS with `handler`. */
export async function startEventConsumers(options: { connectionString: string; handler: EventHandler; log: Logger }): Promise<EventBus> {
  const bus = await connectEventBus({ connectionString: options.connectionString, log: options.log });
  try {
    await bus.subscribe(CONSUMER, CONSUMED_EVENTS, options.handler);
    return bus;
  } catch (error) {
    await bus.stop().catch(() => {});
    throw error;
  }
}
