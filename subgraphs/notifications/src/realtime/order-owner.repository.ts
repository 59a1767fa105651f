import type { NotificationsDb } from "../db.ts";
import { Prisma, run, type Queryable } from "../sql.ts";

/** The projection of who placed each order (fed by OrderPlaced and OrderStatusChanged). */
export class OrderOwnerRepository {
  constructor(private readonly db: NotificationsDb) {}

  async record(orderId: string, userId: string, on: Queryable = this.db.pool): Promise<void> {
    await run(
      on,
      Prisma.sql`INSERT INTO order_owners (order_id, user_id) VALUES (${orderId}::uuid, ${userId}::uuid) ON CONFLICT DO NOTHING`,
    );
  }

  async ownerOf(orderId: string): Promise<string | null> {
    const { rows } = await run<{ user_id: string }>(
      this.db.pool,
      Prisma.sql`SELECT user_id FROM order_owners WHERE order_id = ${orderId}::uuid`,
    );
    return rows[0]?.user_id ?? null;
  }
}
