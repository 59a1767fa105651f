import type { SubscriptionResolvers } from "../../generated/graphql.ts";
import type { Notification } from "../../notifications/notification.model.ts";

export const notificationAdded: SubscriptionResolvers["notificationAdded"] = {
  subscribe: (_root, _args, ctx) => ctx.realtime.notificationsOf(ctx),
  resolve: (notification: Notification) => notification,
};
