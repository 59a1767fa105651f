import { randomUUID } from "node:crypto";
import { Prisma } from "../generated/prisma/client.ts";
import type { CartDb } from "../db.ts";
import type { Cart, StoredItem } from "./cart.model.ts";
import { CartWriter } from "./cart.writer.ts";

// Reads are plain SQL through `db.sql` (see sqlReader in @amazoff/db for the measured reason);
// writes run in one Prisma interactive transaction each, which starts by locking the cart's row.

interface CartRow {
  id: string;
  user_id: string | null;
  created_at: Date;
  updated_at: Date;
}
interface ItemRow {
  cart_id: string;
  product_id: string;
  quantity: number;
}

const CART_COLUMNS = Prisma.sql`id, user_id, created_at, updated_at`;
const toCart = (row: CartRow): Cart => ({ id: row.id, userId: row.user_id, createdAt: row.created_at, updatedAt: row.updated_at });
const fromModel = (cart: { id: string; userId: string | null; createdAt: Date; updatedAt: Date }): Cart => ({
  id: cart.id,
  userId: cart.userId,
  createdAt: cart.createdAt,
  updatedAt: cart.updatedAt,
});

/** Which cart a write goes to. */
export type CartTarget = { kind: "user"; userId: string } | { kind: "guest"; cartId: string } | { kind: "new-guest" };

/**
 * Interactive transactions wait for a pooled connection and then run; concurrent writes to one
 * cart queue on its row lock, so allow more than Prisma's defaults (2 s / 5 s) before giving up.
 */
const TX_OPTIONS = { maxWait: 10_000, timeout: 20_000 };

export class CartRepository {
  constructor(
    private readonly db: CartDb,
    /** Guest carts unchanged for this many days are treated as gone (and purged). */
    private readonly guestTtlDays: number,
  ) {}

  /** "This guest cart is still alive", by the database's clock. */
  private alive(): Prisma.Sql {
    return Prisma.sql`updated_at > now() - make_interval(days => ${this.guestTtlDays}::int)`;
  }

  async findByUserIds(userIds: readonly string[]): Promise<Cart[]> {
    const rows = await this.db.sql.query<CartRow>(
      Prisma.sql`SELECT ${CART_COLUMNS} FROM carts WHERE user_id = ANY(${[...userIds]}::uuid[])`,
    );
    return rows.map(toCart);
  }

  /** A live guest cart; null when unknown, expired, or a user's cart (never addressable as a guest's). */
  async findGuest(cartId: string): Promise<Cart | null> {
    const rows = await this.db.sql.query<CartRow>(
      Prisma.sql`SELECT ${CART_COLUMNS} FROM carts WHERE id = ${cartId}::uuid AND user_id IS NULL AND ${this.alive()}`,
    );
    return rows[0] ? toCart(rows[0]) : null;
  }

  /** The lines of many carts (one statement), oldest first within each cart. */
  async findItems(cartIds: readonly string[]): Promise<StoredItem[]> {
    const rows = await this.db.sql.query<ItemRow>(
      Prisma.sql`SELECT cart_id, product_id, quantity FROM cart_items WHERE cart_id = ANY(${[...cartIds]}::uuid[]) ORDER BY position`,
    );
    return rows.map((r) => ({ cartId: r.cart_id, productId: r.product_id, quantity: r.quantity }));
  }

  async wasMergedBy(guestCartId: string, userId: string): Promise<boolean> {
    const rows = await this.db.sql.query(
      Prisma.sql`SELECT 1 FROM merged_guest_carts WHERE guest_cart_id = ${guestCartId}::uuid AND user_id = ${userId}::uuid`,
    );
    return rows.length > 0;
  }

  /**
   * Runs `work` on the target cart in one transaction, after locking the cart's row: a user's
   * cart is created on first use (upsert on the unique user_id, which also locks it), a guest
   * cart must be alive, a new guest cart is created. Every write marks the cart as changed
   * (which keeps a guest cart alive). Returns null, having written nothing, when the guest cart
   * does not exist. Anything `work` throws rolls the whole transaction back.
   */
  async write<T>(target: CartTarget, work: (writer: CartWriter) => Promise<T>): Promise<{ cart: Cart; value: T } | null> {
    return this.db.prisma.$transaction(async (tx) => {
      const cartId = await this.lock(tx, target);
      if (!cartId) return null;
      const value = await work(new CartWriter(tx, cartId));
      return { cart: fromModel(await tx.cart.findUniqueOrThrow({ where: { id: cartId } })), value };
    }, TX_OPTIONS);
  }

  private async lock(tx: Prisma.TransactionClient, target: CartTarget): Promise<string | null> {
    switch (target.kind) {
      case "user":
        return lockUserCart(tx, target.userId);
      case "new-guest": {
        const [row] = await tx.$queryRaw<{ id: string }[]>(Prisma.sql`INSERT INTO carts (id) VALUES (${randomUUID()}::uuid) RETURNING id`);
        return row!.id;
      }
      case "guest": {
        const [row] = await tx.$queryRaw<{ id: string }[]>(
          Prisma.sql`UPDATE carts SET updated_at = now() WHERE id = ${target.cartId}::uuid AND user_id IS NULL AND ${this.alive()} RETURNING id`,
        );
        return row?.id ?? null;
      }
    }
  }

  /**
   * Moves a guest cart into a user's cart in one transaction: locks the guest cart (then the
   * user's, always in that order, so two merges cannot deadlock), lets `work` write the user's
   * lines from the guest's, deletes the guest cart and records the merge for retries. Returns
   * null, having written nothing, when the guest cart is gone (unknown, expired or merged).
   */
  async mergeGuest<T>(
    guestCartId: string,
    userId: string,
    work: (guestItems: StoredItem[], writer: CartWriter) => Promise<T>,
  ): Promise<{ cart: Cart; value: T } | null> {
    return this.db.prisma.$transaction(async (tx) => {
      const locked = await tx.$queryRaw<{ id: string }[]>(
        Prisma.sql`SELECT id FROM carts WHERE id = ${guestCartId}::uuid AND user_id IS NULL AND ${this.alive()} FOR UPDATE`,
      );
      if (!locked.length) return null;
      const guestItems = await new CartWriter(tx, guestCartId).items();
      const userCartId = await lockUserCart(tx, userId);
      const value = await work(guestItems, new CartWriter(tx, userCartId));
      await tx.cart.delete({ where: { id: guestCartId } });
      await tx.mergedGuestCart.create({ data: { guestCartId, userId } });
      return { cart: fromModel(await tx.cart.findUniqueOrThrow({ where: { id: userCartId } })), value };
    }, TX_OPTIONS);
  }

  /**
   * Forgets guest carts quiet for longer than the TTL, and merge markers as old (a merge retried
   * that late is a new merge, which then finds nothing: NOT_FOUND).
   */
  async purgeExpired(): Promise<{ guestCarts: number; mergeMarkers: number }> {
    const interval = Prisma.sql`now() - make_interval(days => ${this.guestTtlDays}::int)`;
    const guestCarts = await this.db.prisma.$executeRaw(Prisma.sql`DELETE FROM carts WHERE user_id IS NULL AND updated_at <= ${interval}`);
    const mergeMarkers = await this.db.prisma.$executeRaw(Prisma.sql`DELETE FROM merged_guest_carts WHERE merged_at <= ${interval}`);
    return { guestCarts, mergeMarkers };
  }
}

/** Creates the user's cart on first use, and locks it (the upsert's DO UPDATE takes the row lock). */
async function lockUserCart(tx: Prisma.TransactionClient, userId: string): Promise<string> {
  const [row] = await tx.$queryRaw<{ id: string }[]>(Prisma.sql`
    INSERT INTO carts (id, user_id) VALUES (${randomUUID()}::uuid, ${userId}::uuid)
    ON CONFLICT (user_id) DO UPDATE SET updated_at = now()
    RETURNING id`);
  return row!.id;
}
