import { ConflictError, NotFoundError, requireScope, SCOPES } from "@amazoff/kit";
import type { CartContext } from "../context.ts";
import { forgetCart, NO_SUCH_CART } from "./cart-edit.service.ts";
import { MAX_LINES, type Cart, type StoredItem } from "./cart.model.ts";
import type { CartRepository } from "./cart.repository.ts";
import { guestCartIdOf, mergedQuantity } from "./cart.validation.ts";
import type { CartWriter } from "./cart.writer.ts";

/** What the merge knows about a product: whether the catalog still sells it, and stock. */
interface Stock {
  exists: boolean;
  available: number;
}

/** The guest cart gained a product between reading stock and taking the lock: read again. */
class StaleStock extends Error {}
const ATTEMPTS = 3;

/** Moving a guest cart into the signed-in user's cart, once. */
export class CartMergeService {
  constructor(private readonly carts: CartRepository) {}

  async merge(ctx: CartContext, rawGuestCartId: string): Promise<Cart> {
    const viewer = requireScope(ctx.viewer, SCOPES.CART_WRITE_OWN);
    const userId = viewer.userId.toLowerCase();
    const guestCartId = guestCartIdOf(rawGuestCartId, "guestCartId");
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      if (!(await this.carts.findGuest(guestCartId))) return this.mergedBefore(ctx, guestCartId, userId);
      // Stock of the guest's products is read before the transaction (no lock held across calls).
      const stock = await this.stockOf(
        ctx,
        (await this.carts.findItems([guestCartId])).map((item) => item.productId),
      );
      try {
        const result = await this.carts.mergeGuest(guestCartId, userId, (items, cart) => this.moveLines(items, cart, stock));
        if (!result) return this.mergedBefore(ctx, guestCartId, userId);
        forgetCart(ctx, result.cart);
        return result.cart;
      } catch (error) {
        if (!(error instanceof StaleStock)) throw error;
      }
    }
    throw new ConflictError("The guest cart keeps changing; try again");
  }

  /** Adds the guest's lines to the user's, under both carts' locks. */
  private async moveLines(guestItems: StoredItem[], cart: CartWriter, stock: Map<string, Stock>): Promise<void> {
    if (guestItems.some((item) => !stock.has(item.productId))) throw new StaleStock();
    let lines = await cart.lineCount();
    for (const item of guestItems) {
      const { exists, available } = stock.get(item.productId)!;
      if (!exists) continue; // no longer in the catalog: nothing to buy
      const existing = await cart.quantityOf(item.productId);
      if (existing === 0 && lines >= MAX_LINES) continue; // the user's cart is full
      const next = mergedQuantity(existing, item.quantity, available);
      if (next === existing) continue;
      await cart.setQuantity(item.productId, next);
      if (existing === 0) lines += 1;
    }
  }

  private async stockOf(ctx: CartContext, productIds: string[]): Promise<Map<string, Stock>> {
    const [products, availability] = await Promise.all([
      ctx.loaders.product.loadMany(productIds),
      ctx.loaders.availability.loadMany(productIds),
    ]);
    const stock = new Map<string, Stock>();
    productIds.forEach((id, i) => {
      const product = products[i];
      const level = availability[i];
      if (product instanceof Error) throw product;
      if (level instanceof Error) throw level;
      stock.set(id, { exists: Boolean(product), available: level?.available ?? 0 });
    });
    return stock;
  }

  /**
   * The guest cart is gone. If this user merged it, this is a retry: answer with their cart as it
   * is now. Otherwise it never existed, expired, or someone else merged it: the same NOT_FOUND.
   */
  private async mergedBefore(ctx: CartContext, guestCartId: string, userId: string): Promise<Cart> {
    if (await this.carts.wasMergedBy(guestCartId, userId)) {
      const cart = await ctx.loaders.cartByUser.load(userId);
      if (cart) return cart;
    }
    throw new NotFoundError(NO_SUCH_CART);
  }
}
