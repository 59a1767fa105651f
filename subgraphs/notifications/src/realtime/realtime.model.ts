import { z } from "zod";
import { NOTIFICATION_KINDS, type Notification } from "../notifications/notification.model.ts";

export const ORDER_STATUSES = ["PENDING_PAYMENT", "PAID", "FULFILLED", "SHIPPED", "DELIVERED", "CANCELLED", "REFUNDED"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const AVAILABILITY_STATUSES = ["IN_STOCK", "LOW_STOCK", "OUT_OF_STOCK"] as const;

/** What `orderStatusChanged` sends. */
export interface OrderStatusUpdate {
  orderId: string;
  from: OrderStatus;
  status: OrderStatus;
  changedAt: Date;
}

/** What `stockChanged` sends. */
export interface StockUpdate {
  productId: string;
  status: (typeof AVAILABILITY_STATUSES)[number];
  availableQuantity: number;
  changedAt: Date;
}

/*
 * Messages between replicas (pub/sub), one topic per recipient, order or product. They travel as
 * JSON (through Redis between replicas) and are validated when they arrive.
 */

export const topics = {
  notifications: (userId: string) => `notifications:${userId}`,
  order: (orderId: string) => `order:${orderId}`,
  stock: (productId: string) => `stock:${productId}`,
};

const date = z.iso.datetime().transform((value) => new Date(value));

export const notificationMessage = z.object({
  id: z.uuid(),
  recipientId: z.uuid(),
  kind: z.enum(NOTIFICATION_KINDS),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  orderId: z.uuid().nullable(),
  productId: z.uuid().nullable(),
  createdAt: date,
  readAt: date.nullable(),
}) satisfies z.ZodType<Notification, unknown>;

export const orderStatusMessage = z.object({
  orderId: z.uuid(),
  from: z.enum(ORDER_STATUSES),
  status: z.enum(ORDER_STATUSES),
  changedAt: date,
}) satisfies z.ZodType<OrderStatusUpdate, unknown>;

export const stockMessage = z.object({
  productId: z.uuid(),
  status: z.enum(AVAILABILITY_STATUSES),
  availableQuantity: z.int().min(0),
  changedAt: date,
}) satisfies z.ZodType<StockUpdate, unknown>;
