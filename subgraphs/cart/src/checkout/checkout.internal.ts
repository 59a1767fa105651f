import { internalRoute, type InternalResult, type Logger, type RouteHandler } from "@amazoff/kit";
import { z } from "zod";
import { MAX_LINE_QUANTITY, MAX_LINES } from "../carts/cart.model.ts";
import type { CheckoutService } from "./checkout.service.ts";

const uuid = () => z.uuid().transform((id) => id.toLowerCase());

type ClearAnswer = { cleared: true } | { error: "conflict"; message: string };

/**
 * `POST /internal/carts/get` `{ userId }` -> `{ cartId, items: [{ productId, quantity }] }`:
 * the user's cart for the checkout saga (`cartId: null, items: []` when the user has none).
 */
export function getCartRoute(checkout: CheckoutService, secret: string, log: Logger): RouteHandler {
  return internalRoute({
    secret,
    log,
    input: z.object({ userId: uuid() }),
    async handler({ userId }) {
      return { body: await checkout.contents(userId) };
    },
  });
}

/**
 * `POST /internal/carts/clear` `{ userId, orderId, items? }` -> `{ cleared: true }`: takes an
 * order's items out of the cart, once per order. A retry with the same order changes nothing,
 * even if items were added since. `items` (optional, the lines the order was made of, as
 * `/internal/carts/get` returned them) removes just those units, so items added between reading
 * the cart and clearing it stay; without it the cart is emptied. 409 when the order was already
 * cleared for another user (a bug in the caller).
 */
export function clearCartRoute(checkout: CheckoutService, secret: string, log: Logger): RouteHandler {
  return internalRoute({
    secret,
    log,
    input: z.object({
      userId: uuid(),
      orderId: uuid(),
      items: z.array(z.object({ productId: uuid(), quantity: z.int().min(1).max(MAX_LINE_QUANTITY) })).max(MAX_LINES * 2).optional(),
    }),
    async handler({ userId, orderId, items }, request): Promise<InternalResult<ClearAnswer>> {
      const outcome = await checkout.clearForOrder(userId, orderId, items);
      if (outcome === "other-user") {
        request.log.warn({ orderId }, "order already cleared for another user");
        return { status: 409, body: { error: "conflict", message: "This order was checked out from another user's cart" } };
      }
      return { body: { cleared: true } };
    },
  });
}
