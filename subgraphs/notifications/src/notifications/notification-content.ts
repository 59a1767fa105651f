import type { OrderStatus } from "../realtime/realtime.model.ts";
import type { NotificationDraft } from "./notification.model.ts";

/*
 * What each notification says. Payloads carry ids only, so the text names orders by a short
 * reference and leaves the details to the app (the link) and the graph (Notification.order).
 */

/** A short, readable order reference: the first 8 characters of its id, upper case. */
export const orderReference = (orderId: string): string => orderId.slice(0, 8).toUpperCase();

export function welcome(shopName: string): NotificationDraft {
  return {
    kind: "WELCOME",
    title: `Welcome to ${shopName}`,
    body: "Your account is ready. Browse the catalog, fill your cart, and follow your orders here.",
    link: "/",
  };
}

export function orderPlaced(orderId: string): NotificationDraft {
  return {
    kind: "ORDER_PLACED",
    title: "Order confirmed",
    body: `We received your payment for order ${orderReference(orderId)}. We will tell you when it ships.`,
    link: `/orders/${orderId}`,
    orderId,
  };
}

const STATUS_NEWS: Partial<Record<OrderStatus, { title: string; body: (ref: string) => string }>> = {
  FULFILLED: { title: "Your order is packed", body: (ref) => `Order ${ref} is packed and waiting for the carrier.` },
  SHIPPED: { title: "Your order has shipped", body: (ref) => `Order ${ref} is on its way.` },
  DELIVERED: { title: "Your order was delivered", body: (ref) => `Order ${ref} was delivered. Enjoy!` },
  CANCELLED: {
    title: "Your order was cancelled",
    body: (ref) => `Order ${ref} was cancelled. Any payment is refunded to your card.`,
  },
  REFUNDED: { title: "Your order was refunded", body: (ref) => `Order ${ref} was refunded to your card.` },
};

/**
 * The notification of an order's move, or null when the move needs none of its own: PAID is the
 * confirmation (OrderPlaced says it), and PENDING_PAYMENT is never moved to.
 */
export function orderStatusChanged(orderId: string, to: string): NotificationDraft | null {
  const news = STATUS_NEWS[to as OrderStatus];
  if (!news) return null;
  return { kind: "ORDER_STATUS_CHANGED", title: news.title, body: news.body(orderReference(orderId)), link: `/orders/${orderId}`, orderId };
}

const DECLINE_REASONS: Record<string, string> = {
  card_declined: "Your card was declined.",
  insufficient_funds: "Your card has insufficient funds.",
  invalid_card: "The card details are not valid.",
};

/** A checkout's payment failed: nothing was charged, and the cart is still there to try again. */
export function paymentFailed(reason: string): NotificationDraft {
  const why = DECLINE_REASONS[reason] ?? "The payment could not be completed.";
  return {
    kind: "PAYMENT_FAILED",
    title: "Your payment did not go through",
    body: `${why} Nothing was charged; your cart is waiting for you to try again.`,
    link: "/cart",
  };
}

/** Staff: a store's stock of a product is at or below its threshold. */
export function stockLow(productId: string, storeId: string, available: number): NotificationDraft {
  const units = available === 1 ? "1 unit" : `${Math.max(0, available)} units`;
  return {
    kind: "STOCK_LOW",
    title: "Stock is running low",
    body: `Only ${units} left to sell in store ${storeId.slice(0, 8).toUpperCase()}. Time to restock.`,
    link: `/products/${productId}`,
    productId,
  };
}
