import type { CartRepository } from "../carts/cart.repository.ts";
import type { CheckedOutLine, CheckoutRepository, ClearOutcome } from "./checkout.repository.ts";

export interface CartContents {
  cartId: string | null;
  items: { productId: string; quantity: number }[];
}

/** What the orders subgraph's checkout saga needs from carts (behind the internal endpoints). */
export class CheckoutService {
  constructor(
    private readonly carts: CartRepository,
    private readonly checkout: CheckoutRepository,
  ) {}

  /** The user's cart as stored (no prices: the order takes its own snapshot from the catalog). */
  async contents(userId: string): Promise<CartContents> {
    const [cart] = await this.carts.findByUserIds([userId]);
    if (!cart) return { cartId: null, items: [] };
    const items = await this.carts.findItems([cart.id]);
    return { cartId: cart.id, items: items.map(({ productId, quantity }) => ({ productId, quantity })) };
  }

  /** Takes an order's items out of the user's cart, once per order (see CheckoutRepository). */
  clearForOrder(userId: string, orderId: string, lines?: CheckedOutLine[]): Promise<ClearOutcome> {
    return this.checkout.clearForOrder(userId, orderId, lines && sumByProduct(lines));
  }
}

/** The same product listed twice counts once, with both quantities. */
function sumByProduct(lines: CheckedOutLine[]): CheckedOutLine[] {
  const totals = new Map<string, number>();
  for (const { productId, quantity } of lines) totals.set(productId, (totals.get(productId) ?? 0) + quantity);
  return [...totals].map(([productId, quantity]) => ({ productId, quantity }));
}
