import type { SubscriptionResolvers } from "../../generated/graphql.ts";
import type { StockUpdate } from "../../realtime/realtime.model.ts";

export const stockChanged: SubscriptionResolvers["stockChanged"] = {
  subscribe: (_root, { productId }, ctx) => ctx.realtime.stockOf(productId),
  resolve: (update: StockUpdate) => update,
};
