import { BadUserInputError, requireScope, SCOPES, UnauthenticatedError, type RequestBase } from "@amazoff/kit";
import type { CartTarget } from "./cart.repository.ts";
import { guestCartIdOf } from "./cart.validation.ts";

/** The cart a request addresses: the signed-in user's, a guest cart by id, or none. */
export type CartAddress = { kind: "user"; userId: string } | { kind: "guest"; cartId: string } | { kind: "none" };

/**
 * A signed-in user always works on their own cart: passing a guest cart id as well is refused
 * rather than silently ignored (the client meant to merge it: mergeGuestCart). An anonymous
 * visitor addresses a guest cart by its id, or none.
 */
export function cartAddress(ctx: RequestBase, guestCartId: string | null | undefined, field: string): CartAddress {
  if (ctx.viewer) {
    if (guestCartId != null) {
      throw new BadUserInputError("Signed-in users use their own cart; move a guest cart into it with mergeGuestCart", field);
    }
    return { kind: "user", userId: ctx.viewer.userId.toLowerCase() };
  }
  if (guestCartId != null) return { kind: "guest", cartId: guestCartIdOf(guestCartId, field) };
  return { kind: "none" };
}

/**
 * The cart a mutation writes to. Writing to one's own cart takes scope `cart:write:own`;
 * anonymous writes need a guest cart id, except where a new guest cart may be started.
 */
export function writeTarget(
  ctx: RequestBase,
  guestCartId: string | null | undefined,
  field: string,
  options: { startGuestCart: boolean },
): CartTarget {
  const address = cartAddress(ctx, guestCartId, field);
  switch (address.kind) {
    case "user":
      requireScope(ctx.viewer, SCOPES.CART_WRITE_OWN);
      return address;
    case "guest":
      return address;
    case "none":
      if (options.startGuestCart) return { kind: "new-guest" };
      throw new UnauthenticatedError("Sign in, or pass the guestCartId of your guest cart");
  }
}
