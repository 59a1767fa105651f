import type { NotificationResolvers } from "../generated/graphql.ts";

export const Notification: NotificationResolvers = {
  __resolveReference: (reference, ctx) => ctx.notifications.byReference(ctx, reference.id),
  recipient: (notification) => ({ id: notification.recipientId }),
  order: (notification) => (notification.orderId ? { id: notification.orderId } : null),
  product: (notification) => (notification.productId ? { id: notification.productId } : null),
};
