import type { Address } from "@amazoff/contracts";

export const ORDER_STATUSES = ["PENDING_PAYMENT", "PAID", "FULFILLED", "SHIPPED", "DELIVERED", "CANCELLED", "REFUNDED"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** An order as services and resolvers see it (amounts in minor units of `currency`). */
export interface Order {
  id: string;
  userId: string;
  status: OrderStatus;
  currency: string;
  subtotal: number;
  total: number;
  shippingAddress: Address;
  paymentId: string | null;
  placedAt: Date;
  updatedAt: Date;
}

export interface OrderLine {
  orderId: string;
  productId: string;
  sku: string;
  name: string;
  unitPrice: number;
  quantity: number;
  lineTotal: number;
  position: number;
}

export interface StatusChange {
  orderId: string;
  from: OrderStatus | null;
  to: OrderStatus;
  at: Date;
  reason: string | null;
}

export interface OrderFilter {
  status?: OrderStatus | null;
  userId?: string | null;
  placedFrom?: Date | null;
  placedTo?: Date | null;
}

/** A reference to an account (the users subgraph owns User). */
export interface UserRef {
  id: string;
}
