import type { MutationResolvers } from "../../generated/graphql.ts";

export const markNotificationsRead: MutationResolvers["markNotificationsRead"] = (_root, { ids }, ctx) =>
  ctx.notifications.markRead(ctx, ids);
