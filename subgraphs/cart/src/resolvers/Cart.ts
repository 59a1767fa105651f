import type { CartResolvers } from "../generated/graphql.ts";

// id and updatedAt are the model's own (default resolvers); lines and totals are priced per request.
export const Cart: CartResolvers = {
  items: (cart, _args, ctx) => ctx.carts.lines(ctx, cart),
  itemCount: (cart, _args, ctx) => ctx.carts.itemCount(ctx, cart),
  subtotal: (cart, _args, ctx) => ctx.carts.subtotal(ctx, cart),
  expiresAt: (cart, _args, ctx) => ctx.carts.expiresAt(cart),
};
