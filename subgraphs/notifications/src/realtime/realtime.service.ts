import { assertId, type Logger, NotFoundError, requireViewer, SCOPES } from "@amazoff/kit";
import type { NotificationsContext } from "../context.ts";
import type { Notification } from "../notifications/notification.model.ts";
import type { Peers } from "../peers/peers.ts";
import { eventStream, type EventSource } from "./event-stream.ts";
import type { OrderOwnerRepository } from "./order-owner.repository.ts";
import type { PubSub } from "./pubsub.ts";
import {
  notificationMessage,
  orderStatusMessage,
  stockMessage,
  topics,
  type OrderStatusUpdate,
  type StockUpdate,
} from "./realtime.model.ts";
import { TrailingThrottle } from "./throttle.ts";

/** stockChanged sends at most one event per product per this interval. */
export const STOCK_INTERVAL_MS = 1_000;

/**
 * The live side: what the event consumers publish, and the subscriptions that hear it. Messages
 * are validated when they arrive (they may have crossed Redis from another replica).
 */
export class RealtimeService {
  /** stockChanged's throttle and listeners per product, shared by this replica's subscribers. */
  private readonly stockFeeds = new Map<
    string,
    { listeners: Set<(u: StockUpdate) => void>; throttle: TrailingThrottle<StockUpdate>; stop: Promise<() => void> }
  >();

  constructor(
    private readonly pubsub: PubSub,
    private readonly owners: OrderOwnerRepository,
    private readonly peers: Peers,
    private readonly log: Logger,
  ) {}

  // --- publishing (after the event that caused it committed) ---

  async notificationsMade(notifications: readonly Notification[]): Promise<void> {
    await Promise.all(notifications.map((n) => this.pubsub.publish(topics.notifications(n.recipientId), n)));
  }

  async orderStatusChanged(update: OrderStatusUpdate): Promise<void> {
    await this.pubsub.publish(topics.order(update.orderId), update);
  }

  async stockChanged(update: StockUpdate): Promise<void> {
    await this.pubsub.publish(topics.stock(update.productId), update);
  }

  // --- subscriptions ---

  /** The viewer's own new notifications. */
  notificationsOf(ctx: NotificationsContext): Promise<AsyncIterableIterator<Notification>> {
    const viewer = requireViewer(ctx.viewer);
    return eventStream(this.validated(topics.notifications(viewer.userId), (m) => notificationMessage.parse(m)));
  }

  /**
   * An order's status changes, for its customer or staff. Anyone else, and an unknown order, is
   * NOT_FOUND at once (not a silent stream): the owner comes from the projection, or from the
   * orders subgraph for an order the projection has not heard of yet.
   */
  async orderStatusOf(ctx: NotificationsContext, orderIdArg: string): Promise<AsyncIterableIterator<OrderStatusUpdate>> {
    const viewer = requireViewer(ctx.viewer);
    const orderId = assertId(orderIdArg, "orderId", "order id");
    let owner = await this.owners.ownerOf(orderId);
    if (!owner) {
      owner = await this.peers.orderOwner(orderId, ctx.requestId);
      if (owner) await this.owners.record(orderId, owner);
    }
    if (!owner || (owner !== viewer.userId && !viewer.scopes.has(SCOPES.ORDERS_READ_ANY))) throw new NotFoundError("No such order");
    return eventStream(this.validated(topics.order(orderId), (m) => orderStatusMessage.parse(m)));
  }

  /** A product's availability changes: public, at most one per second, the latest always sent. */
  stockOf(productIdArg: string): Promise<AsyncIterableIterator<StockUpdate>> {
    const productId = assertId(productIdArg, "productId", "product id");
    return eventStream((listener) => this.joinStockFeed(productId, listener));
  }

  /** A listener on `topic` that passes on messages `parse` accepts, and logs (and drops) the others. */
  private validated<T>(topic: string, parse: (message: unknown) => T): EventSource<T> {
    return (listener) =>
      this.pubsub.subscribe(topic, (message) => {
        let event: T;
        try {
          event = parse(message);
        } catch (error) {
          this.log.error({ err: error, topic }, "dropping a malformed realtime message");
          return;
        }
        listener(event);
      });
  }

  private async joinStockFeed(productId: string, listener: (update: StockUpdate) => void): Promise<() => void> {
    let feed = this.stockFeeds.get(productId);
    if (!feed) {
      const listeners = new Set<(u: StockUpdate) => void>();
      const throttle = new TrailingThrottle<StockUpdate>(STOCK_INTERVAL_MS, (update) => {
        for (const each of [...listeners]) each(update);
      });
      const created = {
        listeners,
        throttle,
        stop: this.validated(topics.stock(productId), (m) => stockMessage.parse(m))((u) => throttle.push(u)),
      };
      this.stockFeeds.set(productId, created);
      feed = created;
    }
    feed.listeners.add(listener);
    await feed.stop;
    const joined = feed;
    return () => {
      joined.listeners.delete(listener);
      if (joined.listeners.size > 0 || this.stockFeeds.get(productId) !== joined) return;
      this.stockFeeds.delete(productId);
      joined.throttle.cancel();
      void joined.stop.then((stop) => stop());
    };
  }
}
