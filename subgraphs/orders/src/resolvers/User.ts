import type { UserResolvers } from "../generated/graphql.ts";

export const User: UserResolvers = {
  // Orders only adds fields to users: any id is a valid reference here.
  __resolveReference: (reference) => ({ id: reference.id }),
  orders: (user, args, ctx) => ctx.orders.ofUser(ctx, user.id, args),
};
