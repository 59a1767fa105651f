import type { UserResolvers } from "../generated/graphql.ts";

export const User: UserResolvers = {
  __resolveReference: (reference, ctx) => ctx.carts.userReference(reference.id),
  cart: (user, _args, ctx) => ctx.carts.ofUser(ctx, user),
};
