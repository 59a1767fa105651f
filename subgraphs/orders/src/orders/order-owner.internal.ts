import { ordersApi } from "@amazoff/contracts";
import { internalRoute, type Logger, type RouteHandler } from "@amazoff/kit";
import type { OrderService } from "./order.service.ts";

/** Serves `ordersApi.orderOwner`: the customer of an order (the notifications subgraph authorizes subscriptions with it). */
export function orderOwnerRoute(orders: OrderService, secret: string, log: Logger): RouteHandler {
  return internalRoute(ordersApi.orderOwner, {
    secret,
    log,
    async handler({ orderId }) {
      const userId = await orders.ownerOf(orderId);
      if (!userId) return { status: 404, body: { error: "not_found", message: "No such order" } };
      return { status: 200, body: { orderId, userId } };
    },
  });
}
