import { cartApi } from "@amazoff/contracts";
import { internalRoute, type Logger, type RouteHandler } from "@amazoff/kit";
import type { CheckoutService } from "./checkout.service.ts";

/** Serves `cartApi.cartContents` (see @amazoff/contracts): the user's cart for the checkout saga. */
export function getCartRoute(checkout: CheckoutService, secret: string, log: Logger): RouteHandler {
  return internalRoute(cartApi.cartContents, {
    secret,
    log,
    async handler({ userId }) {
      return { status: 200, body: await checkout.contents(userId) };
    },
  });
}

/** Serves `cartApi.clearCheckedOut`: takes an order's items out of the cart, once per order. */
export function clearCartRoute(checkout: CheckoutService, secret: string, log: Logger): RouteHandler {
  return internalRoute(cartApi.clearCheckedOut, {
    secret,
    log,
    async handler({ userId, orderId, items }, request) {
      const outcome = await checkout.clearForOrder(userId, orderId, items);
      if (outcome === "other-user") {
        request.log.warn({ orderId }, "order already cleared for another user");
        return { status: 409, body: { error: "conflict", message: "This order was checked out from another user's cart" } };
      }
      return { status: 200, body: { cleared: true } };
    },
  });
}
