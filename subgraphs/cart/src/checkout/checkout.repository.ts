import { Prisma } from "../generated/prisma/client.ts";
import type { CartDb } from "../db.ts";

/** Units of a product that went into an order. */
export interface CheckedOutLine {
  productId: string;
  quantity: number;
}

export type ClearOutcome = "cleared" | "already-cleared" | "other-user";

const TX_OPTIONS = { maxWait: 10_000, timeout: 20_000 };

/** Checkout markers older than this are forgotten; a saga retries within minutes, not months. */
const MARKER_RETENTION_DAYS = 90;

export class CheckoutRepository {
  constructor(private readonly db: CartDb) {}

  /**
   * Removes an order's items from its user's cart, once per order: the marker row and the removal
   * commit together, so a retry (even after the user added new items) finds the marker and
   * changes nothing. With `lines`, only those units are taken out (a line keeps any units added
   * since the order read the cart); without, the cart is emptied.
   */
  async clearForOrder(userId: string, orderId: string, lines?: readonly CheckedOutLine[]): Promise<ClearOutcome> {
    return this.db.prisma.$transaction(async (tx) => {
      // A concurrent clear of the same order waits here on the primary key until we commit.
      const inserted = await tx.$queryRaw<{ order_id: string }[]>(Prisma.sql`
        INSERT INTO checked_out_orders (order_id, user_id) VALUES (${orderId}::uuid, ${userId}::uuid)
        ON CONFLICT (order_id) DO NOTHING RETURNING order_id`);
      if (!inserted.length) {
        const marker = await tx.checkedOutOrder.findUnique({ where: { orderId }, select: { userId: true } });
        return !marker || marker.userId === userId ? "already-cleared" : "other-user";
      }
      const [cart] = await tx.$queryRaw<{ id: string }[]>(Prisma.sql`SELECT id FROM carts WHERE user_id = ${userId}::uuid FOR UPDATE`);
      if (!cart) return "cleared";
      if (lines) {
        for (const line of lines) {
          await tx.$executeRaw(
            Prisma.sql`DELETE FROM cart_items WHERE cart_id = ${cart.id}::uuid AND product_id = ${line.productId}::uuid AND quantity <= ${line.quantity}`,
          );
          await tx.$executeRaw(Prisma.sql`
            UPDATE cart_items SET quantity = quantity - ${line.quantity}, updated_at = now()
            WHERE cart_id = ${cart.id}::uuid AND product_id = ${line.productId}::uuid`);
        }
      } else {
        await tx.cartItem.deleteMany({ where: { cartId: cart.id } });
      }
      await tx.$executeRaw(Prisma.sql`UPDATE carts SET updated_at = now() WHERE id = ${cart.id}::uuid`);
      return "cleared";
    }, TX_OPTIONS);
  }

  async purgeMarkers(): Promise<number> {
    return this.db.prisma.$executeRaw(
      Prisma.sql`DELETE FROM checked_out_orders WHERE cleared_at <= now() - make_interval(days => ${MARKER_RETENTION_DAYS}::int)`,
    );
  }
}
