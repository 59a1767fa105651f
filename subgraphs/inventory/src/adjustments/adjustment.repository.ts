import { Prisma } from "../generated/prisma/client.ts";
import type { InventoryDb } from "../db.ts";
import type { AdjustmentFilter, AdjustmentPosition, StockAdjustment } from "./adjustment.model.ts";

const COLUMNS = Prisma.sql`
  id, product_id AS "productId", store_id AS "storeId", kind::text AS kind, delta, on_hand_after AS "onHandAfter",
  reason, actor_id AS "actorId", reservation_id AS "reservationId", created_at AS "createdAt"`;

function conditions(filter: AdjustmentFilter, after?: AdjustmentPosition): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (filter.productId) parts.push(Prisma.sql`product_id = ${filter.productId}::uuid`);
  if (filter.storeId) parts.push(Prisma.sql`store_id = ${filter.storeId}::uuid`);
  // Newest first: "after" the cursor means strictly older, as a row comparison the (…, created_at, id) indexes serve.
  if (after) parts.push(Prisma.sql`(created_at, id) < (${new Date(after.createdAt)}::timestamptz, ${after.id}::uuid)`);
  return parts.length ? Prisma.sql`WHERE ${Prisma.join(parts, " AND ")}` : Prisma.empty;
}

export class AdjustmentRepository {
  constructor(private readonly db: InventoryDb) {}

  /** One page, newest first; `take` includes the look-ahead row. */
  list(args: { filter: AdjustmentFilter; after?: AdjustmentPosition; take: number }): Promise<StockAdjustment[]> {
    return this.db.sql.query<StockAdjustment>(Prisma.sql`
      SELECT ${COLUMNS} FROM stock_adjustments ${conditions(args.filter, args.after)}
      ORDER BY created_at DESC, id DESC LIMIT ${args.take}`);
  }

  async count(filter: AdjustmentFilter): Promise<number> {
    const [row] = await this.db.sql.query<{ n: number }>(
      Prisma.sql`SELECT count(*)::int AS n FROM stock_adjustments ${conditions(filter)}`,
    );
    return row?.n ?? 0;
  }
}
