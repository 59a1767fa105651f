import { createEvent, writeToOutbox } from "@amazoff/events";
import { Prisma } from "../generated/prisma/client.ts";
import type { Tx } from "../db.ts";
import type { StockAdjustmentKind } from "../adjustments/adjustment.model.ts";
import { availabilityOf, lowStockAfterChange, MAX_UNITS } from "./stock-rules.ts";

// The one place that changes stock rows, always inside the caller's transaction:
// - rows are locked with SELECT ... FOR NO KEY UPDATE in (product_id, store_id) order, the lock
//   order every transaction of this subgraph follows, so concurrent checkouts wait rather than
//   deadlock. NO KEY UPDATE is FOR UPDATE minus blocking foreign-key checks (FOR KEY SHARE):
//   keys never change here, and other transactions' audit and reservation rows that reference a
//   locked row need not wait for it;
// - new values are computed from the locked rows, so no concurrent change is lost;
// - every on-hand change gets its audit row, and StockLow and StockChanged events go to the
//   outbox, in the same transaction as the change they report.

export const SOURCE = "inventory";

export interface StockKey {
  productId: string;
  storeId: string;
}

export interface LockedStock extends StockKey {
  onHand: number;
  reserved: number;
  threshold: number;
  alerted: boolean;
  /** Whether the store counts towards availability. */
  active: boolean;
}

interface LockedRow {
  product_id: string;
  store_id: string;
  on_hand: number;
  reserved: number;
  low_stock_threshold: number;
  low_stock_alerted: boolean;
  active: boolean;
}

const toLocked = (row: LockedRow): LockedStock => ({
  productId: row.product_id,
  storeId: row.store_id,
  onHand: row.on_hand,
  reserved: row.reserved,
  threshold: row.low_stock_threshold,
  alerted: row.low_stock_alerted,
  active: row.active,
});

const keyOf = (k: StockKey) => `${k.productId}/${k.storeId}`;

/** Units available per active-store row of these products, without locking (the last committed state). */
export async function availableUnits(
  tx: Tx,
  productIds: readonly string[],
): Promise<{ productId: string; storeId: string; available: number }[]> {
  return tx.$queryRaw(Prisma.sql`
    SELECT s.product_id AS "productId", s.store_id AS "storeId", s.on_hand - s.reserved AS available
    FROM stock_levels s JOIN stores st ON st.id = s.store_id
    WHERE s.product_id = ANY(${[...productIds]}::uuid[]) AND st.active`);
}

/** Locks every active-store row of these products, in lock order. */
export async function lockProducts(tx: Tx, productIds: readonly string[]): Promise<LockedStock[]> {
  const rows = await tx.$queryRaw<LockedRow[]>(Prisma.sql`
    SELECT s.product_id, s.store_id, s.on_hand, s.reserved, s.low_stock_threshold, s.low_stock_alerted, st.active
    FROM stock_levels s JOIN stores st ON st.id = s.store_id
    WHERE s.product_id = ANY(${[...productIds]}::uuid[]) AND st.active
    ORDER BY s.product_id, s.store_id
    FOR NO KEY UPDATE OF s`);
  return rows.map(toLocked);
}

/** Locks exactly these rows (any store), in lock order. */
export async function lockRows(tx: Tx, keys: readonly StockKey[]): Promise<LockedStock[]> {
  const rows = await tx.$queryRaw<LockedRow[]>(Prisma.sql`
    SELECT s.product_id, s.store_id, s.on_hand, s.reserved, s.low_stock_threshold, s.low_stock_alerted, st.active
    FROM stock_levels s
    JOIN stores st ON st.id = s.store_id
    JOIN unnest(${keys.map((k) => k.productId)}::uuid[], ${keys.map((k) => k.storeId)}::uuid[]) AS k(product_id, store_id)
      ON k.product_id = s.product_id AND k.store_id = s.store_id
    ORDER BY s.product_id, s.store_id
    FOR NO KEY UPDATE OF s`);
  return rows.map(toLocked);
}

export interface StockChange extends StockKey {
  /** Added to on_hand (negative removes). */
  onHand: number;
  /** Added to reserved (negative releases). */
  reserved: number;
  /** A new low-stock threshold (absolute); unchanged when absent. */
  threshold?: number;
}

export interface ChangeOptions {
  /** May this change publish StockLow? (see lowStockAfterChange) */
  canAlert: boolean;
  /** Audit record for every row whose on_hand changes. */
  audit?: { kind: StockAdjustmentKind; reason: string; actorId?: string | null; reservationId?: string | null };
  /** Rows this transaction already locked (saves a round trip); others are locked here. */
  locked?: readonly LockedStock[];
}

/** Thrown when a change would break a stock invariant: a bug in the caller, never user input. */
export class StockInvariantError extends Error {}

/** One change per row (several expiring reservations may hold the same row). */
function mergeChanges(changes: readonly StockChange[]): StockChange[] {
  const merged = new Map<string, StockChange>();
  for (const change of changes) {
    const key = keyOf(change);
    const previous = merged.get(key);
    merged.set(
      key,
      previous
        ? {
            ...previous,
            onHand: previous.onHand + change.onHand,
            reserved: previous.reserved + change.reserved,
            threshold: change.threshold ?? previous.threshold,
          }
        : { ...change },
    );
  }
  return [...merged.values()];
}

/** A product's totals over the active stores, as Product.availability reads them (stock.repository.ts). */
async function productTotals(tx: Tx, productIds: readonly string[]): Promise<Map<string, { available: number; threshold: number }>> {
  const rows = await tx.$queryRaw<{ productId: string; available: number; threshold: number }[]>(Prisma.sql`
    SELECT s.product_id AS "productId",
      LEAST(SUM(s.on_hand - s.reserved), ${MAX_UNITS})::int AS available,
      LEAST(SUM(s.low_stock_threshold), ${MAX_UNITS})::int AS threshold
    FROM stock_levels s JOIN stores st ON st.id = s.store_id
    WHERE s.product_id = ANY(${[...productIds]}::uuid[]) AND st.active
    GROUP BY s.product_id`);
  return new Map(rows.map((r) => [r.productId, { available: r.available, threshold: r.threshold }]));
}

/**
 * StockChanged for every product whose availability as shoppers see it (status and capped
 * quantity) differs after these changes. The totals after come from the database (this
 * transaction's rows and what others committed); the totals before are those minus this
 * transaction's own changes, so a product's event says what this change did to it.
 */
async function availabilityEvents(tx: Tx, changes: readonly StockChange[], before: readonly LockedStock[]) {
  const wasActive = new Map(before.map((row) => [keyOf(row), row]));
  const own = new Map<string, { available: number; threshold: number }>();
  for (const change of changes) {
    const row = wasActive.get(keyOf(change));
    if (!row?.active) continue;
    const delta = own.get(change.productId) ?? { available: 0, threshold: 0 };
    delta.available += change.onHand - change.reserved;
    delta.threshold += change.threshold === undefined ? 0 : change.threshold - row.threshold;
    own.set(change.productId, delta);
  }
  if (own.size === 0) return [];
  const after = await productTotals(tx, [...own.keys()]);
  const events = [];
  for (const [productId, delta] of own) {
    const now = after.get(productId) ?? { available: 0, threshold: 0 };
    const then = { available: now.available - delta.available, threshold: now.threshold - delta.threshold };
    const [shownBefore, shownAfter] = [availabilityOf({ productId, ...then }), availabilityOf({ productId, ...now })];
    if (shownBefore.status !== shownAfter.status || shownBefore.availableQuantity !== shownAfter.availableQuantity) {
      events.push(createEvent(SOURCE, "StockChanged", { productId, ...shownAfter }));
    }
  }
  return events;
}

/**
 * Applies changes to locked rows in one UPDATE, audits on-hand changes and writes StockLow and
 * StockChanged events. Returns the rows as they are afterwards.
 */
export async function applyStockChanges(tx: Tx, requested: readonly StockChange[], options: ChangeOptions): Promise<LockedStock[]> {
  const changes = mergeChanges(requested);
  if (changes.length === 0) return [];
  const known = new Map((options.locked ?? []).map((row) => [keyOf(row), row]));
  const missing = changes.filter((c) => !known.has(keyOf(c)));
  if (missing.length) for (const row of await lockRows(tx, missing)) known.set(keyOf(row), row);

  const after: LockedStock[] = [];
  const events = [];
  for (const change of changes) {
    const row = known.get(keyOf(change));
    if (!row) throw new StockInvariantError(`no stock row for ${keyOf(change)}`);
    const onHand = row.onHand + change.onHand;
    const reserved = row.reserved + change.reserved;
    if (onHand < 0 || reserved < 0 || reserved > onHand)
      throw new StockInvariantError(`change would leave ${keyOf(change)} at ${onHand}/${reserved}`);
    const threshold = change.threshold ?? row.threshold;
    const low = lowStockAfterChange({ onHand, reserved, threshold, alerted: row.alerted }, options.canAlert);
    after.push({ ...row, onHand, reserved, threshold, alerted: low.alerted });
    if (low.emit)
      events.push(createEvent(SOURCE, "StockLow", { productId: row.productId, storeId: row.storeId, available: onHand - reserved }));
  }

  await tx.$executeRaw(Prisma.sql`
    UPDATE stock_levels s
    SET on_hand = c.on_hand, reserved = c.reserved, low_stock_threshold = c.threshold, low_stock_alerted = c.alerted, updated_at = now()
    FROM unnest(${after.map((r) => r.productId)}::uuid[], ${after.map((r) => r.storeId)}::uuid[], ${after.map((r) => r.onHand)}::int[],
                ${after.map((r) => r.reserved)}::int[], ${after.map((r) => r.threshold)}::int[], ${after.map((r) => r.alerted)}::boolean[])
      AS c(product_id, store_id, on_hand, reserved, threshold, alerted)
    WHERE s.product_id = c.product_id AND s.store_id = c.store_id`);

  const audit = options.audit;
  if (audit) {
    const data = changes
      .map((change, i) => ({ change, row: after[i]! }))
      .filter(({ change }) => change.onHand !== 0)
      .map(({ change, row }) => ({
        productId: row.productId,
        storeId: row.storeId,
        kind: audit.kind,
        delta: change.onHand,
        onHandAfter: row.onHand,
        reason: audit.reason,
        actorId: audit.actorId ?? null,
        reservationId: audit.reservationId ?? null,
      }));
    if (data.length) await tx.stockAdjustment.createMany({ data });
  }
  events.push(...(await availabilityEvents(tx, changes, [...known.values()])));
  for (const event of events) await writeToOutbox(tx, event);
  return after;
}
