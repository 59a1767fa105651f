/**
 * Every internal endpoint between subgraphs, defined once: the serving subgraph passes the
 * definition to kit's `internalRoute`, callers to `InternalClient.call`; both validate with it.
 */
export * from "./shapes.ts";
export * as cartApi from "./cart.ts";
export * as catalogApi from "./catalog.ts";
export * as eventsApi from "./events.ts";
export * as inventoryApi from "./inventory.ts";
export * as ordersApi from "./orders.ts";
export * as paymentsApi from "./payments.ts";
export * as usersApi from "./users.ts";
export type { ReservationStatus, Shortage } from "./inventory.ts";
export type { PaymentStatus } from "./payments.ts";
