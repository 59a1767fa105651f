import type { Shortage } from "@amazoff/contracts";

/** What a checkout ends with: the order, or an expected failure the client can act on. */
export type CheckoutOutcome = { kind: "order"; orderId: string } | CheckoutFailure;

export type CheckoutFailure =
  | { kind: "error"; code: "EMPTY_CART" | "INVALID_ADDRESS" | "CHECKOUT_IN_PROGRESS"; message: string }
  | { kind: "error"; code: "PRODUCT_UNAVAILABLE"; message: string; productIds: string[] }
  | { kind: "error"; code: "OUT_OF_STOCK"; message: string; items: Shortage[] }
  | { kind: "error"; code: "PAYMENT_DECLINED"; message: string; reason: string }
  /** Not the customer's doing (a peer down, a bug): nothing was charged, and the same key retries. */
  | { kind: "error"; code: "CHECKOUT_FAILED"; message: string; retryable: true };

const PAYMENT_MESSAGES: Record<string, string> = {
  card_declined: "The card was declined",
  insufficient_funds: "The card has insufficient funds",
  invalid_card: "The card details are not valid",
  provider_timeout: "The payment provider did not answer in time; nothing was charged",
  voided: "The payment authorization was cancelled; nothing was charged",
};

export const declined = (reason: string): CheckoutFailure => ({
  kind: "error",
  code: "PAYMENT_DECLINED",
  message: PAYMENT_MESSAGES[reason] ?? "The payment was declined",
  reason,
});

export const checkoutFailed = (): CheckoutFailure => ({
  kind: "error",
  code: "CHECKOUT_FAILED",
  message:
    "Checkout could not be completed because of a problem on our side; nothing was charged. Try again with the same idempotency key.",
  retryable: true,
});

export const inProgress = (): CheckoutFailure => ({
  kind: "error",
  code: "CHECKOUT_IN_PROGRESS",
  message:
    "Another checkout of your cart is under way (another tab, or a second click); nothing was charged by this one. Check your orders in a moment.",
});
