import { Prisma } from "../generated/prisma/client.ts";
import type { StoredItem } from "./cart.model.ts";

/**
 * The writes a service may make to one cart inside the transaction of `CartRepository.write`.
 * The cart's row is already locked (FOR UPDATE / upserted) when a writer exists, so the reads
 * below (a line's quantity, the line count) stay true until the transaction commits: concurrent
 * writes to the same cart queue behind the lock instead of overwriting each other.
 */
export class CartWriter {
  constructor(
    private readonly tx: Prisma.TransactionClient,
    readonly cartId: string,
  ) {}

  async quantityOf(productId: string): Promise<number> {
    const item = await this.tx.cartItem.findUnique({
      where: { cartId_productId: { cartId: this.cartId, productId } },
      select: { quantity: true },
    });
    return item?.quantity ?? 0;
  }

  lineCount(): Promise<number> {
    return this.tx.cartItem.count({ where: { cartId: this.cartId } });
  }

  async items(): Promise<StoredItem[]> {
    return this.tx.cartItem.findMany({
      where: { cartId: this.cartId },
      select: { cartId: true, productId: true, quantity: true },
      orderBy: { position: "asc" },
    });
  }

  /**
   * Adds `units` in one statement; the line then holds at most `cap` units. The cap sits in the
   * upsert's WHERE, so even without the cart lock two concurrent adds could not push a line past
   * it or lose one another's units. Returns the new quantity, or null when the cap refused it.
   */
  async addUnits(productId: string, units: number, cap: number): Promise<number | null> {
    if (units > cap) return null;
    const rows = await this.tx.$queryRaw<{ quantity: number }[]>(Prisma.sql`
      INSERT INTO cart_items (cart_id, product_id, quantity) VALUES (${this.cartId}::uuid, ${productId}::uuid, ${units})
      ON CONFLICT (cart_id, product_id) DO UPDATE
        SET quantity = cart_items.quantity + EXCLUDED.quantity, updated_at = now()
        WHERE cart_items.quantity + EXCLUDED.quantity <= ${cap}
      RETURNING quantity`);
    return rows[0]?.quantity ?? null;
  }

  /** Sets a line to `quantity` units (1 or more), creating it when missing. */
  async setQuantity(productId: string, quantity: number): Promise<void> {
    await this.tx.$executeRaw(Prisma.sql`
      INSERT INTO cart_items (cart_id, product_id, quantity) VALUES (${this.cartId}::uuid, ${productId}::uuid, ${quantity})
      ON CONFLICT (cart_id, product_id) DO UPDATE SET quantity = EXCLUDED.quantity, updated_at = now()`);
  }

  async remove(productId: string): Promise<void> {
    await this.tx.cartItem.deleteMany({ where: { cartId: this.cartId, productId } });
  }

  async clear(): Promise<void> {
    await this.tx.cartItem.deleteMany({ where: { cartId: this.cartId } });
  }
}
