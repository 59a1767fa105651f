import { ForbiddenError, isUuid, requireOwnerOr, requireViewer, SCOPES, type Money } from "@amazoff/kit";
import type { CartContext } from "../context.ts";
import { cartAddress } from "./cart-address.ts";
import { lineTotal, subtotal } from "./cart-totals.ts";
import type { Cart, CartLine, EntityRef } from "./cart.model.ts";
import type { CartRepository } from "./cart.repository.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Reading carts: which cart a request may see, and its lines priced at the catalog's prices. */
export class CartService {
  constructor(
    private readonly carts: CartRepository,
    private readonly config: { currency: string; guestTtlDays: number },
  ) {}

  /** `Query.cart`: the signed-in user's cart, or a live guest cart, or null. */
  /** What is stored about the viewer's cart, for their GDPR data export (null: no cart). */
  async exportFor(ctx: CartContext, userId: string): Promise<unknown> {
    const viewer = requireViewer(ctx.viewer);
    if (viewer.userId !== userId) throw new ForbiddenError("A data export is only for the person it describes");
    const [cart] = await this.carts.findByUserIds([userId]);
    if (!cart) return null;
    const items = await this.carts.findItems([cart.id]);
    return { ...cart, items: items.map(({ productId, quantity }) => ({ productId, quantity })) };
  }

  async current(ctx: CartContext, guestCartId: string | null | undefined): Promise<Cart | null> {
    const address = cartAddress(ctx, guestCartId, "guestCartId");
    switch (address.kind) {
      case "user":
        return ctx.loaders.cartByUser.load(address.userId);
      case "guest":
        return this.carts.findGuest(address.cartId);
      case "none":
        return null;
    }
  }

  /** For federation references: a malformed id is simply not one of ours. */
  userReference(id: unknown): EntityRef | null {
    return isUuid(id) ? { id: id.toLowerCase() } : null;
  }

  /** `User.cart`: the user themself or staff (`users:read:any`); FORBIDDEN for anyone else. */
  ofUser(ctx: CartContext, user: EntityRef): Promise<Cart | null> {
    requireOwnerOr(ctx.viewer, user.id, SCOPES.USERS_READ_ANY);
    return ctx.loaders.cartByUser.load(user.id);
  }

  /**
   * The cart's lines at the catalog's current prices. Lines whose product the catalog no longer
   * has are left out (there is no price to show; checkout re-reads the catalog anyway).
   */
  async lines(ctx: CartContext, cart: Cart): Promise<CartLine[]> {
    const items = await ctx.loaders.cartItems.load(cart.id);
    const products = await ctx.loaders.product.loadMany(items.map((item) => item.productId));
    const lines: CartLine[] = [];
    items.forEach((item, i) => {
      const product = products[i];
      if (product instanceof Error) throw product;
      if (!product) return;
      lines.push({
        product: { id: item.productId },
        quantity: item.quantity,
        unitPrice: product.price,
        lineTotal: lineTotal(product.price, item.quantity),
      });
    });
    return lines;
  }

  async itemCount(ctx: CartContext, cart: Cart): Promise<number> {
    return (await this.lines(ctx, cart)).reduce((sum, line) => sum + line.quantity, 0);
  }

  async subtotal(ctx: CartContext, cart: Cart): Promise<Money> {
    return subtotal(
      (await this.lines(ctx, cart)).map((line) => line.lineTotal),
      this.config.currency,
    );
  }

  expiresAt(cart: Cart): Date | null {
    return cart.userId ? null : new Date(cart.updatedAt.getTime() + this.config.guestTtlDays * DAY_MS);
  }
}
