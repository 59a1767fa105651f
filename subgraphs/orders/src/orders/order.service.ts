import {
  assertId,
  cleanOptionalText,
  ConflictError,
  decodeCursor,
  isUuid,
  NotFoundError,
  pageSize,
  requireScope,
  requireViewer,
  SCOPES,
  toConnection,
  type Connection,
  type PageArgs,
  type Viewer,
} from "@amazoff/kit";
import { z } from "zod";
import type { OrdersContext } from "../context.ts";
import type { OrderCompensationService } from "./order-compensation.service.ts";
import type { Order, OrderFilter, OrderStatus } from "./order.model.ts";
import type { OrderPosition, OrderRepository } from "./order.repository.ts";
import { assertMove, CUSTOMER_CANCELLABLE } from "./state-machine.ts";

const positionSchema = z.object({ placedAt: z.iso.datetime(), id: z.uuid() });

const validReason = (reason: string | null | undefined): string | null =>
  cleanOptionalText(reason, "reason", { max: 500, multiline: true });

const canReadAny = (viewer: Viewer) => viewer.scopes.has(SCOPES.ORDERS_READ_ANY);
const canWriteAny = (viewer: Viewer) => viewer.scopes.has(SCOPES.ORDERS_WRITE_ANY);

/** Reading orders and moving them along their life cycle. */
export class OrderService {
  constructor(
    private readonly orders: OrderRepository,
    private readonly compensations: OrderCompensationService,
    private readonly options: { compensationLeaseMs: number; onEvents?: () => void },
  ) {}

  /** Internal (the caller holds the internal secret): who placed an order; null when there is no such order. */
  async ownerOf(orderId: string): Promise<string | null> {
    const [order] = await this.orders.findByIds([orderId]);
    return order?.userId ?? null;
  }

  /** An order for its customer or staff; null otherwise (whether it exists is not revealed). */
  async byId(ctx: OrdersContext, id: string): Promise<Order | null> {
    const viewer = requireViewer(ctx.viewer);
    const order = await ctx.loaders.order.load(assertId(id, "id", "order id"));
    if (!order) return null;
    return order.userId === viewer.userId || canReadAny(viewer) ? order : null;
  }

  /** For federation references (Order.payment and others): same visibility as byId. */
  async byReference(ctx: OrdersContext, id: unknown): Promise<Order | null> {
    if (!ctx.viewer || !isUuid(id)) return null;
    return this.byId(ctx, id);
  }

  async list(ctx: OrdersContext, args: PageArgs & { filter?: OrderFilter | null }): Promise<Connection<Order>> {
    requireScope(ctx.viewer, SCOPES.ORDERS_READ_ANY);
    const filter: OrderFilter = { ...args.filter };
    if (filter.userId) filter.userId = assertId(filter.userId, "filter.userId", "user id");
    return this.page(ctx, filter, args);
  }

  /** User.orders: the user themself or staff. */
  async ofUser(ctx: OrdersContext, userId: string, args: PageArgs & { status?: OrderStatus | null }): Promise<Connection<Order>> {
    const viewer = requireViewer(ctx.viewer);
    if (viewer.userId !== userId && !canReadAny(viewer)) throw new NotFoundError("No such user");
    return this.page(ctx, { userId, status: args.status }, args);
  }

  private async page(ctx: OrdersContext, filter: OrderFilter, args: PageArgs): Promise<Connection<Order>> {
    const size = pageSize(args.first);
    const after: OrderPosition | undefined = args.after ? decodeCursor(args.after, positionSchema) : undefined;
    const rows = size === 0 ? [] : await this.orders.list(filter, after, size + 1);
    for (const order of rows) ctx.loaders.order.prime(order.id, order);
    return toConnection(rows, size, (o): OrderPosition => ({ placedAt: o.placedAt.toISOString(), id: o.id }), {
      hasPreviousPage: Boolean(after),
      totalCount: () => this.orders.count(filter),
    });
  }

  /** Everything stored about the viewer's orders, for their GDPR data export. */
  async exportFor(ctx: OrdersContext, userId: string): Promise<unknown[]> {
    const viewer = requireViewer(ctx.viewer);
    if (viewer.userId !== userId) throw new NotFoundError("No such user");
    const orders = await this.orders.allOfUser(userId);
    const ids = orders.map((o) => o.id);
    const [lines, history] = ids.length ? await Promise.all([this.orders.linesOf(ids), this.orders.historyOf(ids)]) : [[], []];
    return orders.map((order) => ({
      ...order,
      lines: lines.filter((l) => l.orderId === order.id).map(({ orderId: _o, ...line }) => line),
      statusHistory: history.filter((h) => h.orderId === order.id).map(({ orderId: _o, ...change }) => change),
    }));
  }

  /**
   * Cancels an order before it ships. The status moves first, conditionally (a shipment that wins
   * the race makes this a CONFLICT, with nothing refunded); then the money and the stock go back.
   * A repeated cancel answers the cancelled order and finishes a refund or restock left undone.
   */
  async cancel(ctx: OrdersContext, id: string, reason?: string | null): Promise<Order> {
    const viewer = requireViewer(ctx.viewer);
    const order = await this.owned(ctx, viewer, id);
    const why = validReason(reason);
    if (order.status === "CANCELLED") return this.moveOwing(ctx, viewer, order, "CANCELLED", why);
    if (!CUSTOMER_CANCELLABLE.includes(order.status)) {
      throw new ConflictError(`An order that is ${order.status} can no longer be cancelled`, { status: order.status });
    }
    if (order.status === "PENDING_PAYMENT") throw new ConflictError("The payment of this order is being processed; try again in a moment");
    return this.moveOwing(ctx, viewer, order, "CANCELLED", why ?? "cancelled by customer");
  }

  /** Staff moves an order along: FULFILLED, SHIPPED, DELIVERED, CANCELLED, REFUNDED. */
  async updateStatus(ctx: OrdersContext, id: string, status: OrderStatus, reason?: string | null): Promise<Order> {
    const viewer = requireScope(ctx.viewer, SCOPES.ORDERS_WRITE_ANY);
    const order = await this.owned(ctx, viewer, id);
    const why = validReason(reason);
    // A repeated cancel or refund: answer the order, and finish what it owes back.
    if (order.status === status && (status === "CANCELLED" || status === "REFUNDED"))
      return this.moveOwing(ctx, viewer, order, status, why);
    assertMove(order.status, status);
    if (status === "PAID") throw new ConflictError("Orders become PAID when their payment is captured");
    if (status === "CANCELLED") {
      if (order.status === "PENDING_PAYMENT")
        throw new ConflictError("The payment of this order is being processed; try again in a moment");
      return this.moveOwing(ctx, viewer, order, "CANCELLED", why ?? "cancelled by staff");
    }
    if (status === "REFUNDED") {
      if (!order.paymentId) throw new ConflictError("This order has no payment to refund");
      return this.moveOwing(ctx, viewer, order, "REFUNDED", why);
    }
    return this.moveOrFail(ctx, order, status, viewer, why);
  }

  /**
   * Moves the order to CANCELLED or REFUNDED, recording in the same transaction what it owes back,
   * then settles that debt. Losing the race to another move is a CONFLICT, unless the winner made
   * the same move (a concurrent retry): then this request helps settle, which is idempotent.
   */
  private async moveOwing(
    ctx: OrdersContext,
    viewer: Viewer,
    order: Order,
    to: "CANCELLED" | "REFUNDED",
    reason: string | null,
  ): Promise<Order> {
    if (order.status !== to) {
      const move = { orderId: order.id, from: order.status, to, actorId: viewer.userId, reason };
      if (await this.orders.moveOwing(move, to === "CANCELLED" ? "CANCEL" : "REFUND", this.options.compensationLeaseMs))
        this.options.onEvents?.();
      else if ((await this.orders.findByIds([order.id]))[0]?.status !== to)
        throw new ConflictError("The order changed in the meantime; reload it and try again");
    }
    await this.compensations.settleNow({ requestId: ctx.requestId }, order.id, ctx.log);
    return this.reload(ctx, order.id);
  }

  private async moveOrFail(ctx: OrdersContext, order: Order, to: OrderStatus, viewer: Viewer, reason: string | null): Promise<Order> {
    const moved = await this.orders.move(order.id, order.status, to, viewer.userId, reason);
    if (!moved) throw new ConflictError("The order changed in the meantime; reload it and try again");
    this.options.onEvents?.();
    return this.reload(ctx, order.id);
  }

  private async reload(ctx: OrdersContext, id: string): Promise<Order> {
    ctx.loaders.order.clear(id);
    const [fresh] = await this.orders.findByIds([id]);
    if (!fresh) throw new Error(`order ${id} vanished`);
    return fresh;
  }

  /** The order if the viewer may change it: its customer, or staff. NOT_FOUND otherwise. */
  private async owned(ctx: OrdersContext, viewer: Viewer, id: string): Promise<Order> {
    const order = await ctx.loaders.order.load(assertId(id, "id", "order id"));
    if (!order || (order.userId !== viewer.userId && !canWriteAny(viewer))) throw new NotFoundError("No such order");
    return order;
  }
}
