import { Prisma } from "../generated/prisma/client.ts";
import type { InventoryDb, Tx } from "../db.ts";
import { applyStockChanges, availableUnits, lockProducts } from "../stock/stock-ledger.ts";
import { allocate } from "./allocation.ts";
import type {
  ExistingReservation,
  HeldItem,
  ReservationStatus,
  ReserveOutcome,
  ReserveRequest,
  Shortage,
  TransitionOutcome,
} from "./reservation.model.ts";

// Every transaction here takes at most one reservation lock that it may wait for (the one it is
// about), then stock rows in (product_id, store_id) order; the sweeper takes reservation locks
// with SKIP LOCKED, never waiting. So no two transactions can wait for each other in a cycle.

interface ReservationRow {
  status: ReservationStatus;
  user_id: string | null;
  expires_at: Date | null;
  /** expires_at has passed, by the database's clock (the one every replica shares). */
  due: boolean;
}

/** Rolls back a reserve that cannot be supplied in full: nothing, not even the row, remains. */
class OutOfStock extends Error {
  constructor(readonly shortages: Shortage[]) {
    super("out of stock");
  }
}

async function lockReservation(tx: Tx, id: string): Promise<ReservationRow | null> {
  const rows = await tx.$queryRaw<ReservationRow[]>(Prisma.sql`
    SELECT status::text AS status, user_id, expires_at, COALESCE(expires_at <= now(), false) AS due
    FROM reservations WHERE id = ${id}::uuid FOR UPDATE`);
  return rows[0] ?? null;
}

async function heldItems(tx: Tx, ids: readonly string[]): Promise<(HeldItem & { reservationId: string })[]> {
  const rows = await tx.$queryRaw<{ reservation_id: string; product_id: string; store_id: string; quantity: number }[]>(Prisma.sql`
    SELECT reservation_id, product_id, store_id, quantity FROM reservation_items
    WHERE reservation_id = ANY(${[...ids]}::uuid[]) ORDER BY product_id, store_id`);
  return rows.map((r) => ({ reservationId: r.reservation_id, productId: r.product_id, storeId: r.store_id, quantity: r.quantity }));
}

/** Gives the held units back to availability and closes the reservations as `status`. */
async function releaseHeld(tx: Tx, ids: readonly string[], status: "RELEASED" | "EXPIRED"): Promise<void> {
  const items = await heldItems(tx, ids);
  await applyStockChanges(
    tx,
    items.map((i) => ({ productId: i.productId, storeId: i.storeId, onHand: 0, reserved: -i.quantity })),
    { canAlert: false },
  );
  await tx.reservation.updateMany({ where: { id: { in: [...ids] } }, data: { status } });
}

export class ReservationRepository {
  constructor(private readonly db: InventoryDb) {}

  /**
   * Holds stock for a checkout, all or nothing, never more than is available. Idempotent by
   * reservation id: the row is inserted first (ON CONFLICT DO NOTHING), so a concurrent repeat
   * waits on the unique key and then finds the first one's outcome.
   */
  async reserve(request: ReserveRequest): Promise<ReserveOutcome> {
    try {
      return await this.db.transaction(async (tx): Promise<ReserveOutcome> => {
        const inserted = await tx.$queryRaw<{ expires_at: Date }[]>(Prisma.sql`
          INSERT INTO reservations (id, user_id, status, expires_at)
          VALUES (${request.reservationId}::uuid, ${request.userId}::uuid, 'ACTIVE', now() + make_interval(secs => ${request.ttlSeconds}))
          ON CONFLICT (id) DO NOTHING
          RETURNING expires_at`);
        if (!inserted[0]) return { kind: "exists", reservation: await this.existing(tx, request.reservationId) };

        const productIds = request.items.map((i) => i.productId);
        // Sold out at this instant (last committed state)? Then say so without queueing for the
        // row locks: in a rush on the last units, the losers never hold up the winners.
        const snapshot = allocate(request.items, await availableUnits(tx, productIds));
        if ("shortages" in snapshot) throw new OutOfStock(snapshot.shortages);

        const locked = await lockProducts(tx, productIds);
        const allocation = allocate(
          request.items,
          locked.map((row) => ({ productId: row.productId, storeId: row.storeId, available: row.onHand - row.reserved })),
        );
        if ("shortages" in allocation) throw new OutOfStock(allocation.shortages);

        await applyStockChanges(
          tx,
          allocation.held.map((h) => ({ ...h, onHand: 0, reserved: h.quantity })),
          { canAlert: false, locked },
        );
        await tx.reservationItem.createMany({ data: allocation.held.map((h) => ({ reservationId: request.reservationId, ...h })) });
        return { kind: "reserved", expiresAt: inserted[0].expires_at };
      });
    } catch (error) {
      if (error instanceof OutOfStock) return { kind: "out_of_stock", shortages: error.shortages };
      throw error;
    }
  }

  /** A repeated reserve's view of the reservation; an overdue one is expired on the spot. */
  private async existing(tx: Tx, id: string): Promise<ExistingReservation> {
    const row = await lockReservation(tx, id);
    // The row conflicted a moment ago and reservations are never deleted.
    if (!row) throw new Error(`reservation ${id} vanished`);
    let status = row.status;
    if (status === "ACTIVE" && row.due) {
      await releaseHeld(tx, [id], "EXPIRED");
      status = "EXPIRED";
    }
    const items = (await heldItems(tx, [id])).map(({ productId, storeId, quantity }) => ({ productId, storeId, quantity }));
    return { status, userId: row.user_id, expiresAt: row.expires_at, items };
  }

  /** The sale: held units leave on_hand and reserved (audited as SALE); StockLow may fire. */
  commit(id: string): Promise<TransitionOutcome> {
    return this.db.transaction(async (tx): Promise<TransitionOutcome> => {
      const row = await lockReservation(tx, id);
      if (!row) return { kind: "not_found" };
      if (row.status === "COMMITTED") return { kind: "done", status: "COMMITTED" };
      if (row.status !== "ACTIVE") return { kind: "refused", status: row.status };
      if (row.due) {
        await releaseHeld(tx, [id], "EXPIRED");
        return { kind: "refused", status: "EXPIRED" };
      }
      const items = await heldItems(tx, [id]);
      await applyStockChanges(
        tx,
        items.map((i) => ({ productId: i.productId, storeId: i.storeId, onHand: -i.quantity, reserved: -i.quantity })),
        { canAlert: true, audit: { kind: "SALE", reason: `Sold through checkout reservation ${id}`, reservationId: id } },
      );
      await tx.reservation.update({ where: { id }, data: { status: "COMMITTED" } });
      return { kind: "done", status: "COMMITTED" };
    });
  }

  /**
   * Gives held units back. Releasing an id never seen records a RELEASED tombstone, so a reserve
   * that arrives late with that id (a retry racing the saga's compensation) is refused.
   */
  release(id: string): Promise<TransitionOutcome> {
    return this.db.transaction(async (tx): Promise<TransitionOutcome> => {
      const tombstone = await tx.$executeRaw(Prisma.sql`
        INSERT INTO reservations (id, status) VALUES (${id}::uuid, 'RELEASED') ON CONFLICT (id) DO NOTHING`);
      if (tombstone === 1) return { kind: "done", status: "RELEASED" };
      const row = await lockReservation(tx, id);
      if (!row) throw new Error(`reservation ${id} vanished`);
      if (row.status === "COMMITTED" || row.status === "RESTOCKED") return { kind: "refused", status: row.status };
      if (row.status === "ACTIVE") {
        await releaseHeld(tx, [id], "RELEASED");
        return { kind: "done", status: "RELEASED" };
      }
      return { kind: "done", status: row.status };
    });
  }

  /** An order cancelled after its sale: the sold units go back on hand where they came from (audited as RETURN). */
  restock(id: string): Promise<TransitionOutcome> {
    return this.db.transaction(async (tx): Promise<TransitionOutcome> => {
      const row = await lockReservation(tx, id);
      if (!row) return { kind: "not_found" };
      if (row.status === "RESTOCKED") return { kind: "done", status: "RESTOCKED" };
      if (row.status !== "COMMITTED") return { kind: "refused", status: row.status };
      const items = await heldItems(tx, [id]);
      await applyStockChanges(
        tx,
        items.map((i) => ({ productId: i.productId, storeId: i.storeId, onHand: i.quantity, reserved: 0 })),
        { canAlert: false, audit: { kind: "RETURN", reason: `Order of checkout reservation ${id} cancelled`, reservationId: id } },
      );
      await tx.reservation.update({ where: { id }, data: { status: "RESTOCKED" } });
      return { kind: "done", status: "RESTOCKED" };
    });
  }

  /**
   * Expires overdue ACTIVE reservations (all of them up to `limit`, or only `ids`). Rows another
   * transaction holds are skipped (FOR UPDATE SKIP LOCKED): several replicas sweep side by side,
   * and a reservation being committed right now is left to that commit.
   */
  expireOverdue(options: { limit: number; ids?: readonly string[] }): Promise<number> {
    return this.db.transaction(async (tx) => {
      const only = options.ids ? Prisma.sql`AND id = ANY(${[...options.ids]}::uuid[])` : Prisma.empty;
      const due = await tx.$queryRaw<{ id: string }[]>(Prisma.sql`
        SELECT id FROM reservations
        WHERE status = 'ACTIVE' AND expires_at <= now() ${only}
        ORDER BY expires_at LIMIT ${options.limit}
        FOR UPDATE SKIP LOCKED`);
      if (due.length)
        await releaseHeld(
          tx,
          due.map((r) => r.id),
          "EXPIRED",
        );
      return due.length;
    });
  }

  /** Overdue ACTIVE reservations holding any of these products (a reserve expires them first). */
  async overdueHolding(productIds: readonly string[], limit = 100): Promise<string[]> {
    const rows = await this.db.sql.query<{ id: string }>(Prisma.sql`
      SELECT r.id FROM reservations r
      WHERE r.status = 'ACTIVE' AND r.expires_at <= now()
        AND EXISTS (SELECT 1 FROM reservation_items i WHERE i.reservation_id = r.id AND i.product_id = ANY(${[...productIds]}::uuid[]))
      LIMIT ${limit}`);
    return rows.map((r) => r.id);
  }
}
