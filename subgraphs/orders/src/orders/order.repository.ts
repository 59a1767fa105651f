import { createEvent, writeToOutbox, type DomainEvent } from "@amazoff/events";
import { Prisma, type CompensationAction } from "../generated/prisma/client.ts";
import type { OrdersDb } from "../db.ts";
import type { Address } from "@amazoff/contracts";
import type { Order, OrderFilter, OrderLine, OrderStatus, StatusChange } from "./order.model.ts";

// Reads are plain SQL through `db.sql` (see sqlReader in @amazoff/db); writes are transactions.

interface OrderRow {
  id: string;
  user_id: string;
  status: OrderStatus;
  currency: string;
  subtotal_amount: number;
  total_amount: number;
  shipping_address: Address;
  payment_id: string | null;
  placed_at: Date;
  updated_at: Date;
}

const ORDER_COLUMNS = Prisma.sql`id, user_id, status, currency, subtotal_amount, total_amount, shipping_address, payment_id, placed_at, updated_at`;

const toOrder = (row: OrderRow): Order => ({
  id: row.id,
  userId: row.user_id,
  status: row.status,
  currency: row.currency,
  subtotal: row.subtotal_amount,
  total: row.total_amount,
  shippingAddress: row.shipping_address,
  paymentId: row.payment_id,
  placedAt: row.placed_at,
  updatedAt: row.updated_at,
});

/** Where a page of orders starts: (placed_at, id) of the last order of the previous page. */
export interface OrderPosition {
  placedAt: string;
  id: string;
}

function filterConditions(filter: OrderFilter): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  if (filter.status) conditions.push(Prisma.sql`status = ${filter.status}::"OrderStatus"`);
  if (filter.userId) conditions.push(Prisma.sql`user_id = ${filter.userId}::uuid`);
  if (filter.placedFrom) conditions.push(Prisma.sql`placed_at >= ${filter.placedFrom}`);
  if (filter.placedTo) conditions.push(Prisma.sql`placed_at < ${filter.placedTo}`);
  return conditions;
}

const where = (conditions: Prisma.Sql[]) => (conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty);

export interface NewOrder {
  id: string;
  userId: string;
  currency: string;
  lines: Omit<OrderLine, "orderId">[];
  shippingAddress: Address;
  paymentId: string;
}

export interface Move {
  orderId: string;
  from: OrderStatus;
  to: OrderStatus;
  actorId: string | null;
  reason: string | null;
}

/** What a cancelled or refunded order owes back and has not settled yet. */
export interface Owed {
  orderId: string;
  action: CompensationAction;
  paymentId: string | null;
}

interface OwedRow {
  order_id: string;
  action: CompensationAction;
  payment_id: string | null;
}

const toOwed = (row: OwedRow): Owed => ({ orderId: row.order_id, action: row.action, paymentId: row.payment_id });

type Tx = Parameters<Parameters<OrdersDb["transaction"]>[0]>[0];

async function moveIn(tx: Tx, { orderId, from, to, actorId, reason }: Move): Promise<boolean> {
  const moved = await tx.order.updateMany({ where: { id: orderId, status: from }, data: { status: to } });
  if (moved.count === 0) return false;
  const order = await tx.order.findUniqueOrThrow({ where: { id: orderId }, select: { userId: true } });
  await tx.orderStatusChange.create({ data: { orderId, fromStatus: from, toStatus: to, actorId, reason } });
  const events: DomainEvent[] = [];
  if (from === "PENDING_PAYMENT" && to === "PAID") events.push(createEvent("orders", "OrderPlaced", { orderId, userId: order.userId }));
  events.push(createEvent("orders", "OrderStatusChanged", { orderId, userId: order.userId, from, to }));
  for (const event of events) await writeToOutbox(tx, event);
  return true;
}

export class OrderRepository {
  constructor(private readonly db: OrdersDb) {}

  async findByIds(ids: readonly string[]): Promise<Order[]> {
    const rows = await this.db.sql.query<OrderRow>(Prisma.sql`SELECT ${ORDER_COLUMNS} FROM orders WHERE id = ANY(${[...ids]}::uuid[])`);
    return rows.map(toOrder);
  }

  async linesOf(orderIds: readonly string[]): Promise<OrderLine[]> {
    const rows = await this.db.sql.query<{
      order_id: string;
      product_id: string;
      sku: string;
      name: string;
      unit_price: number;
      quantity: number;
      line_total: number;
      position: number;
    }>(
      Prisma.sql`SELECT order_id, product_id, sku, name, unit_price, quantity, line_total, position FROM order_items WHERE order_id = ANY(${[...orderIds]}::uuid[]) ORDER BY order_id, position`,
    );
    return rows.map((r) => ({
      orderId: r.order_id,
      productId: r.product_id,
      sku: r.sku,
      name: r.name,
      unitPrice: r.unit_price,
      quantity: r.quantity,
      lineTotal: r.line_total,
      position: r.position,
    }));
  }

  async historyOf(orderIds: readonly string[]): Promise<StatusChange[]> {
    const rows = await this.db.sql.query<{
      order_id: string;
      from_status: OrderStatus | null;
      to_status: OrderStatus;
      at: Date;
      reason: string | null;
    }>(
      Prisma.sql`SELECT order_id, from_status, to_status, at, reason FROM order_status_changes WHERE order_id = ANY(${[...orderIds]}::uuid[]) ORDER BY at, id`,
    );
    return rows.map((r) => ({ orderId: r.order_id, from: r.from_status, to: r.to_status, at: r.at, reason: r.reason }));
  }

  /** Newest first, after `after`; `take` includes the look-ahead row. */
  async list(filter: OrderFilter, after: OrderPosition | undefined, take: number): Promise<Order[]> {
    const conditions = filterConditions(filter);
    if (after) conditions.push(Prisma.sql`(placed_at, id) < (${new Date(after.placedAt)}::timestamptz, ${after.id}::uuid)`);
    const rows = await this.db.sql.query<OrderRow>(
      Prisma.sql`SELECT ${ORDER_COLUMNS} FROM orders ${where(conditions)} ORDER BY placed_at DESC, id DESC LIMIT ${take}`,
    );
    return rows.map(toOrder);
  }

  /** Every order of a user, newest first (the GDPR export; a person's orders are few). */
  async allOfUser(userId: string): Promise<Order[]> {
    const rows = await this.db.sql.query<OrderRow>(
      Prisma.sql`SELECT ${ORDER_COLUMNS} FROM orders WHERE user_id = ${userId}::uuid ORDER BY placed_at DESC, id DESC`,
    );
    return rows.map(toOrder);
  }

  async count(filter: OrderFilter): Promise<number> {
    const [row] = await this.db.sql.query<{ n: number }>(
      Prisma.sql`SELECT count(*)::int AS n FROM orders ${where(filterConditions(filter))}`,
    );
    return row?.n ?? 0;
  }

  /**
   * Creates the order (PENDING_PAYMENT) with its lines and first history entry, and moves the
   * saga to ORDER_CREATED, in one transaction: either both exist or neither. Idempotent: an
   * order that already exists is left as it is.
   */
  async createForSaga(order: NewOrder): Promise<void> {
    const subtotal = order.lines.reduce((sum, line) => sum + line.lineTotal, 0);
    await this.db.transaction(async (tx) => {
      const existing = await tx.order.findUnique({ where: { id: order.id }, select: { id: true } });
      if (!existing) {
        await tx.order.create({
          data: {
            id: order.id,
            userId: order.userId,
            status: "PENDING_PAYMENT",
            currency: order.currency,
            subtotalAmount: subtotal,
            totalAmount: subtotal,
            shippingAddress: order.shippingAddress as unknown as Prisma.InputJsonValue,
            paymentId: order.paymentId,
            items: {
              create: order.lines.map((line) => ({
                productId: line.productId,
                sku: line.sku,
                name: line.name,
                unitPrice: line.unitPrice,
                quantity: line.quantity,
                lineTotal: line.lineTotal,
                position: line.position,
              })),
            },
            history: { create: { fromStatus: null, toStatus: "PENDING_PAYMENT", reason: "checkout" } },
          },
        });
      }
      await tx.checkoutSaga.update({ where: { id: order.id }, data: { state: "ORDER_CREATED" } });
    });
  }

  /**
   * Moves an order from `from` to `to` if it is still in `from` (a conditional update, so two
   * concurrent moves cannot both win), records the change and publishes OrderStatusChanged (and
   * OrderPlaced on the first payment) through the outbox, all in one transaction.
   * Returns false when the order was no longer in `from`.
   */
  async move(orderId: string, from: OrderStatus, to: OrderStatus, actorId: string | null, reason: string | null): Promise<boolean> {
    return this.db.transaction((tx) => moveIn(tx, { orderId, from, to, actorId, reason }));
  }

  /**
   * `move`, and in the same transaction the record of what the order now owes back (a refund, and
   * for a cancel the units back on the shelf), leased to the caller for `leaseMs` while it
   * settles it. Whatever crashes after the move, the debt is on record for recovery.
   */
  async moveOwing(move: Move, action: CompensationAction, leaseMs: number): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      if (!(await moveIn(tx, move))) return false;
      await tx.orderCompensation.create({ data: { orderId: move.orderId, action, leaseUntil: new Date(Date.now() + leaseMs) } });
      return true;
    });
  }

  /** What an order still owes back, if anything. */
  async owedBy(orderId: string): Promise<Owed | null> {
    const rows = await this.db.sql.query<OwedRow>(Prisma.sql`
      SELECT c.order_id, c.action, o.payment_id FROM order_compensations c JOIN orders o ON o.id = c.order_id
      WHERE c.order_id = ${orderId}::uuid AND c.settled_at IS NULL`);
    return rows[0] ? toOwed(rows[0]) : null;
  }

  /** Compensations nobody settles any more (unsettled, lease run out), leased to the caller; SKIP LOCKED keeps replicas apart. */
  async claimUnsettled(limit: number, leaseMs: number): Promise<Owed[]> {
    const rows = await this.db.sql.query<OwedRow>(Prisma.sql`
      WITH claimed AS (
        UPDATE order_compensations SET lease_until = now() + ${`${leaseMs} milliseconds`}::interval, attempts = attempts + 1
        WHERE order_id IN (
          SELECT order_id FROM order_compensations WHERE settled_at IS NULL AND lease_until < now()
          ORDER BY lease_until LIMIT ${limit} FOR UPDATE SKIP LOCKED
        )
        RETURNING order_id, action
      )
      SELECT claimed.order_id, claimed.action, o.payment_id FROM claimed JOIN orders o ON o.id = claimed.order_id`);
    return rows.map(toOwed);
  }

  async markSettled(orderId: string): Promise<void> {
    await this.db.sql.query(
      Prisma.sql`UPDATE order_compensations SET settled_at = now() WHERE order_id = ${orderId}::uuid AND settled_at IS NULL`,
    );
  }

  /** GDPR erasure: the orders stay for accounting, the shipping addresses lose the person. */
  async anonymiseUser(client: { query(text: string, values: unknown[]): Promise<unknown> }, userId: string): Promise<void> {
    await client.query(
      `UPDATE orders SET shipping_address = jsonb_build_object('fullName', 'Deleted customer', 'line1', 'Removed', 'line2', NULL,
         'city', 'Removed', 'postalCode', 'Removed', 'region', NULL, 'country', shipping_address->>'country'), updated_at = now()
       WHERE user_id = $1::uuid`,
      [userId],
    );
    await client.query("UPDATE checkout_sagas SET address = NULL WHERE user_id = $1::uuid", [userId]);
  }
}
