import { groupLoader, keyLoader } from "@amazoff/kit";
import type { OrderRepository } from "./orders/order.repository.ts";

/** Per-request DataLoaders: orders by id, and their lines and history for many orders at once. */
export function createLoaders(orders: OrderRepository) {
  return {
    order: keyLoader(
      (ids: readonly string[]) => orders.findByIds(ids),
      (o) => o.id,
    ),
    lines: groupLoader(
      (ids: readonly string[]) => orders.linesOf(ids),
      (l) => l.orderId,
    ),
    history: groupLoader(
      (ids: readonly string[]) => orders.historyOf(ids),
      (h) => h.orderId,
    ),
  };
}

export type OrdersLoaders = ReturnType<typeof createLoaders>;
