import { Prisma } from "../generated/prisma/client.ts";
import type { InventoryDb, Tx } from "../db.ts";
import { applyStockChanges, lockRows, type StockKey } from "./stock-ledger.ts";
import { MAX_UNITS } from "./stock-rules.ts";
import type { ProductStock, StockLevel } from "./stock.model.ts";

export { MAX_UNITS };

// Reads are plain SQL through `db.sql` (see sqlReader in @amazoff/db for the measured reason);
// writes are transactions through the stock ledger.

interface LevelRow {
  product_id: string;
  store_id: string;
  on_hand: number;
  reserved: number;
  low_stock_threshold: number;
  updated_at: Date;
}

const toLevel = (row: LevelRow): StockLevel => ({
  productId: row.product_id,
  storeId: row.store_id,
  onHand: row.on_hand,
  reserved: row.reserved,
  lowStockThreshold: row.low_stock_threshold,
  updatedAt: row.updated_at,
});

export type StockWriteOutcome =
  | { kind: "ok"; level: StockLevel }
  | { kind: "store_not_found" }
  /** The change would leave fewer units on hand than are reserved (or fewer than none). */
  | { kind: "below_reserved"; onHand: number; reserved: number }
  | { kind: "too_large"; onHand: number };

async function storeExists(tx: Tx, storeId: string): Promise<boolean> {
  return (await tx.store.count({ where: { id: storeId } })) > 0;
}

/** Creates the row with nothing on hand unless it exists (a concurrent creator makes this wait, then do nothing). */
async function ensureRow(tx: Tx, key: StockKey): Promise<void> {
  await tx.$executeRaw(Prisma.sql`
    INSERT INTO stock_levels (product_id, store_id, on_hand) VALUES (${key.productId}::uuid, ${key.storeId}::uuid, 0)
    ON CONFLICT (product_id, store_id) DO NOTHING`);
}

async function readLevel(tx: Tx, key: StockKey): Promise<StockLevel> {
  const row = await tx.stockLevel.findUniqueOrThrow({ where: { productId_storeId: key } });
  return {
    productId: row.productId,
    storeId: row.storeId,
    onHand: row.onHand,
    reserved: row.reserved,
    lowStockThreshold: row.lowStockThreshold,
    updatedAt: row.updatedAt,
  };
}

export class StockRepository {
  constructor(private readonly db: InventoryDb) {}

  /** Available units and low-stock level per product over the active stores: one statement for any number of products. */
  async availability(productIds: readonly string[]): Promise<ProductStock[]> {
    return this.db.sql.query<ProductStock>(Prisma.sql`
      SELECT s.product_id AS "productId",
        -- SUM of INTEGER is a BIGINT; a few huge warehouses must not overflow the Int the API carries.
        LEAST(SUM(s.on_hand - s.reserved), ${MAX_UNITS})::int AS available,
        LEAST(SUM(s.low_stock_threshold), ${MAX_UNITS})::int AS threshold
      FROM stock_levels s JOIN stores st ON st.id = s.store_id
      WHERE s.product_id = ANY(${[...productIds]}::uuid[]) AND st.active
      GROUP BY s.product_id`);
  }

  /** Every store's stock of these products, by store name. */
  async levelsOf(productIds: readonly string[]): Promise<StockLevel[]> {
    const rows = await this.db.sql.query<LevelRow>(Prisma.sql`
      SELECT s.product_id, s.store_id, s.on_hand, s.reserved, s.low_stock_threshold, s.updated_at
      FROM stock_levels s JOIN stores st ON st.id = s.store_id
      WHERE s.product_id = ANY(${[...productIds]}::uuid[])
      ORDER BY st.name, st.id`);
    return rows.map(toLevel);
  }

  /** A staff member's change of on_hand, audited, in one transaction; never below what is reserved. */
  adjust(input: StockKey & { delta: number; reason: string; actorId: string }): Promise<StockWriteOutcome> {
    return this.db.transaction(async (tx): Promise<StockWriteOutcome> => {
      if (!(await storeExists(tx, input.storeId))) return { kind: "store_not_found" };
      const key = { productId: input.productId, storeId: input.storeId };
      if (input.delta > 0) await ensureRow(tx, key);
      const [row] = await lockRows(tx, [key]);
      if (!row) return { kind: "below_reserved", onHand: 0, reserved: 0 };
      if (row.onHand + input.delta < row.reserved) return { kind: "below_reserved", onHand: row.onHand, reserved: row.reserved };
      if (row.onHand + input.delta > MAX_UNITS) return { kind: "too_large", onHand: row.onHand };
      await applyStockChanges(tx, [{ ...key, onHand: input.delta, reserved: 0 }], {
        canAlert: true,
        locked: [row],
        audit: { kind: "MANUAL", reason: input.reason, actorId: input.actorId },
      });
      return { kind: "ok", level: await readLevel(tx, key) };
    });
  }

  /** Sets the threshold (creating an empty row if needed); StockLow fires if the store is now low. */
  setThreshold(input: StockKey & { threshold: number }): Promise<StockWriteOutcome> {
    return this.db.transaction(async (tx): Promise<StockWriteOutcome> => {
      if (!(await storeExists(tx, input.storeId))) return { kind: "store_not_found" };
      const key = { productId: input.productId, storeId: input.storeId };
      await ensureRow(tx, key);
      await applyStockChanges(tx, [{ ...key, onHand: 0, reserved: 0, threshold: input.threshold }], { canAlert: true });
      return { kind: "ok", level: await readLevel(tx, key) };
    });
  }
}
