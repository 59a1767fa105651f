import { defineEndpoint } from "@amazoff/kit";
import { z } from "zod";
import { CART_LIMITS, cartLine, id } from "./shapes.ts";

/** The user's cart as stored, for the checkout saga (`cartId: null, items: []` when there is none). */
export const cartContents = defineEndpoint({
  path: "/internal/carts/get",
  request: z.object({ userId: id }),
  responses: { 200: z.object({ cartId: id.nullable(), items: z.array(cartLine) }) },
});

/**
 * Takes an order's items out of the cart, once per order: a retry with the same order changes
 * nothing, even if items were added since. `items` (the lines the order was made of, as
 * `cartContents` returned them) removes just those units, so items added between reading the
 * cart and clearing it stay; without it the cart is emptied. 409 when the order was already
 * cleared for another user (a bug in the caller).
 */
export const clearCheckedOut = defineEndpoint({
  path: "/internal/carts/clear",
  request: z.object({
    userId: id,
    orderId: id,
    items: z
      .array(cartLine)
      .max(CART_LIMITS.lines * 2)
      .optional(),
  }),
  responses: { 200: z.object({ cleared: z.literal(true) }), 409: z.object({ error: z.literal("conflict"), message: z.string() }) },
});
