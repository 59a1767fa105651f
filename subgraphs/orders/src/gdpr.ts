import { processOnce, type DomainEvent } from "@amazoff/events";
import type pg from "pg";
import type { OrderRepository } from "./orders/order.repository.ts";

/**
 * GDPR erasure (UserDeleted): orders are kept for accounting, but the shipping addresses no
 * longer name or locate the person. Processed once per event.
 */
export function userDeletedHandler(pool: pg.Pool, orders: OrderRepository) {
  return async (event: DomainEvent) => {
    if (event.type !== "UserDeleted") return;
    const { userId } = event.payload as { userId: string };
    await processOnce(pool, "orders", event, (client) => orders.anonymiseUser(client, userId));
  };
}
