import { ConflictError } from "@amazoff/kit";
import type { OrderStatus } from "./order.model.ts";

/**
 * The order life cycle. Anything not listed is refused. Cancelling is possible until the order
 * ships; after delivery the way back is a refund (a return).
 */
const TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  PENDING_PAYMENT: ["PAID", "CANCELLED"],
  PAID: ["FULFILLED", "CANCELLED"],
  FULFILLED: ["SHIPPED", "CANCELLED"],
  SHIPPED: ["DELIVERED"],
  DELIVERED: ["REFUNDED"],
  CANCELLED: [],
  REFUNDED: [],
};

export const canMove = (from: OrderStatus, to: OrderStatus): boolean => TRANSITIONS[from].includes(to);

export function assertMove(from: OrderStatus, to: OrderStatus): void {
  if (!canMove(from, to)) {
    throw new ConflictError(`An order cannot go from ${from} to ${to}`, { from, to, allowed: [...TRANSITIONS[from]] });
  }
}

/** Statuses a customer may still cancel from (before the parcel leaves). */
export const CUSTOMER_CANCELLABLE: readonly OrderStatus[] = ["PENDING_PAYMENT", "PAID", "FULFILLED"];
