import { BadUserInputError, ConflictError, NotFoundError } from "@amazoff/kit";
import type { CartContext } from "../context.ts";
import { writeTarget } from "./cart-address.ts";
import { MAX_LINE_QUANTITY, MAX_LINES, type Cart } from "./cart.model.ts";
import type { CartRepository, CartTarget } from "./cart.repository.ts";
import { assertWithinStock, newLineQuantity, productIdOf, unitsToAdd } from "./cart.validation.ts";
import type { CartWriter } from "./cart.writer.ts";

export interface LineInput {
  productId: string;
  quantity: number;
  guestCartId?: string | null;
}

/** Answer for every cart that cannot be addressed: unknown, expired, or someone else's. */
export const NO_SUCH_CART = "No such cart (a guest cart is forgotten after a while without changes)";

/**
 * Changing a cart's lines. Inputs are validated first; the catalog (does the product exist?) and
 * the inventory (how many are available?) are asked before the transaction, so no row lock is
 * held across a call to another service; the rules that depend on the cart itself are checked
 * inside it, under the cart's lock. A rule that fails throws, which rolls everything back.
 */
export class CartEditService {
  constructor(private readonly carts: CartRepository) {}

  createGuest(ctx: CartContext): Promise<Cart> {
    if (ctx.viewer) throw new BadUserInputError("Signed-in users already have a cart; guest carts are for anonymous visitors");
    return this.commit(ctx, { kind: "new-guest" }, async () => {});
  }

  async add(ctx: CartContext, input: LineInput): Promise<Cart> {
    const units = unitsToAdd(input.quantity);
    const productId = productIdOf(input.productId);
    const target = writeTarget(ctx, input.guestCartId, "input.guestCartId", { startGuestCart: true });
    const [product, available] = await Promise.all([ctx.loaders.product.load(productId), this.available(ctx, productId)]);
    if (!product) throw new BadUserInputError("No product with this id", "input.productId");
    return this.commit(ctx, target, async (cart) => {
      const current = await cart.quantityOf(productId);
      if (current === 0 && (await cart.lineCount()) >= MAX_LINES) {
        throw new BadUserInputError(`A cart holds at most ${MAX_LINES} different products`, "input.productId", { maxLines: MAX_LINES });
      }
      assertWithinStock(current + units, current, available);
      // Unreachable while the cart's row is locked; kept so a refused upsert can never pass silently.
      if ((await cart.addUnits(productId, units, Math.min(MAX_LINE_QUANTITY, available))) === null)
        throw new ConflictError("The cart changed meanwhile; try again");
    });
  }

  /**
   * Sets a line's quantity (0 removes it). Stock is asked for whenever the line stays (a
   * decrease is then always allowed, see assertWithinStock); only removal works without it.
   */
  async update(ctx: CartContext, input: LineInput): Promise<Cart> {
    const quantity = newLineQuantity(input.quantity);
    const productId = productIdOf(input.productId);
    const target = writeTarget(ctx, input.guestCartId, "input.guestCartId", { startGuestCart: false });
    if (quantity === 0) return this.commit(ctx, target, (cart) => cart.remove(productId));
    const available = await this.available(ctx, productId);
    return this.commit(ctx, target, async (cart) => {
      const current = await cart.quantityOf(productId);
      if (current === 0) throw new BadUserInputError("This product is not in the cart; add it with addToCart", "input.productId");
      assertWithinStock(quantity, current, available);
      await cart.setQuantity(productId, quantity);
    });
  }

  remove(ctx: CartContext, input: { productId: string; guestCartId?: string | null }): Promise<Cart> {
    const productId = productIdOf(input.productId);
    const target = writeTarget(ctx, input.guestCartId, "input.guestCartId", { startGuestCart: false });
    return this.commit(ctx, target, (cart) => cart.remove(productId));
  }

  clear(ctx: CartContext, guestCartId: string | null | undefined): Promise<Cart> {
    const target = writeTarget(ctx, guestCartId, "guestCartId", { startGuestCart: false });
    return this.commit(ctx, target, (cart) => cart.clear());
  }

  private async available(ctx: CartContext, productId: string): Promise<number> {
    return (await ctx.loaders.availability.load(productId))?.available ?? 0;
  }

  /** Runs the write and makes this request's loaders forget what it changed. */
  private async commit(ctx: CartContext, target: CartTarget, work: (cart: CartWriter) => Promise<void>): Promise<Cart> {
    const result = await this.carts.write(target, work);
    if (!result) throw new NotFoundError(NO_SUCH_CART);
    forgetCart(ctx, result.cart);
    return result.cart;
  }
}

/**
 * A mutation's result is read through the same per-request loaders as any cart; after a write
 * they must not serve what they cached before it (a second mutation in the same operation would
 * otherwise show the first one's lines).
 */
export function forgetCart(ctx: CartContext, cart: Cart): void {
  ctx.loaders.cartItems.clear(cart.id);
  if (cart.userId) ctx.loaders.cartByUser.clear(cart.userId).prime(cart.userId, cart);
}
