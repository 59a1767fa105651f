import type { UserResolvers } from "../generated/graphql.ts";

export const User: UserResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  notifications: (user, args, ctx) => ctx.notifications.pageOf(ctx, user.id, args),
  unreadNotificationCount: (user, _args, ctx) => ctx.notifications.unreadCountOf(ctx, user.id),
};
