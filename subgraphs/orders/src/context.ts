import type { RequestBase } from "@amazoff/kit";
import type { CheckoutService } from "./checkout/checkout.service.ts";
import { createLoaders, type OrdersLoaders } from "./loaders.ts";
import type { OrderRepository } from "./orders/order.repository.ts";
import type { OrderService } from "./orders/order.service.ts";

/** What an orders resolver receives. */
export interface OrdersContext extends RequestBase {
  loaders: OrdersLoaders;
  orders: OrderService;
  checkout: CheckoutService;
}

export function contextFactory(repository: OrderRepository, services: { orders: OrderService; checkout: CheckoutService }) {
  return (base: RequestBase): OrdersContext => ({ ...base, ...services, loaders: createLoaders(repository) });
}
