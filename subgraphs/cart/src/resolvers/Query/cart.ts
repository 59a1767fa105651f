import type { QueryResolvers } from "../../generated/graphql.ts";

export const cart: QueryResolvers["cart"] = (_parent, { guestCartId }, ctx) => ctx.carts.current(ctx, guestCartId);
