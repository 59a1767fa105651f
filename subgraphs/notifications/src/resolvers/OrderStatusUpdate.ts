import type { OrderStatusUpdateResolvers, StockUpdateResolvers } from "../generated/graphql.ts";

export const OrderStatusUpdate: OrderStatusUpdateResolvers = {
  order: (update) => ({ id: update.orderId }),
};

export const StockUpdate: StockUpdateResolvers = {
  product: (update) => ({ id: update.productId }),
};
