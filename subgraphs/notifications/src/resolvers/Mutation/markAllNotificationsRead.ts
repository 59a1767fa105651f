import type { MutationResolvers } from "../../generated/graphql.ts";

export const markAllNotificationsRead: MutationResolvers["markAllNotificationsRead"] = (_root, _args, ctx) =>
  ctx.notifications.markAllRead(ctx);
