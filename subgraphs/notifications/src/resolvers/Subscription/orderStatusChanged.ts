import type { SubscriptionResolvers } from "../../generated/graphql.ts";
import type { OrderStatusUpdate } from "../../realtime/realtime.model.ts";

export const orderStatusChanged: SubscriptionResolvers["orderStatusChanged"] = {
  subscribe: (_root, { orderId }, ctx) => ctx.realtime.orderStatusOf(ctx, orderId),
  resolve: (update: OrderStatusUpdate) => update,
};
