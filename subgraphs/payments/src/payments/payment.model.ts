import type { Money } from "@amazoff/kit";

export type PaymentStatus = "PENDING" | "AUTHORIZED" | "CAPTURED" | "VOIDED" | "DECLINED" | "FAILED" | "REFUNDED" | "PARTIALLY_REFUNDED";
export type RefundStatus = "PENDING" | "SUCCEEDED" | "FAILED";

/** A payment row as services see it (no Prisma types past the repository). */
export interface PaymentRecord {
  id: string;
  idempotencyKey: string;
  /** Null only for a void-by-key tombstone (no order, no user, no money). */
  orderRef: string | null;
  userId: string | null;
  amount: Money | null;
  status: PaymentStatus;
  cardBrand: string | null;
  cardLast4: string | null;
  declineReason: string | null;
  providerRef: string | null;
  capturedAmount: number;
  refundedAmount: number;
  createdAt: Date;
  authorizedAt: Date | null;
  capturedAt: Date | null;
  voidedAt: Date | null;
}

/** A real payment (not a tombstone): what the graph shows. */
export interface Payment extends PaymentRecord {
  orderRef: string;
  userId: string;
  amount: Money;
}

export const isPayment = (record: PaymentRecord): record is Payment =>
  record.orderRef !== null && record.userId !== null && record.amount !== null;

export interface Refund {
  id: string;
  paymentId: string;
  idempotencyKey: string;
  amount: Money;
  status: RefundStatus;
  providerRef: string | null;
  createdAt: Date;
}

/** A new authorization attempt, before the provider is called. */
export interface PaymentDraft {
  idempotencyKey: string;
  orderRef: string;
  userId: string;
  amount: Money;
  cardBrand: string | null;
  cardLast4: string | null;
  /** PENDING, or DECLINED straight away for a card that failed the local checks. */
  status: "PENDING" | "DECLINED";
  declineReason: string | null;
}

/** How a provider's answer to an authorization ends a PENDING payment. */
export type AuthorizationEnd =
  | { status: "AUTHORIZED"; providerRef: string }
  | { status: "DECLINED"; reason: string }
  | { status: "VOIDED" }
  | { status: "FAILED"; reason: "provider_timeout" | "provider_error" };

/** An order as payments knows it: only the id (the orders subgraph owns the rest). */
export interface OrderRef {
  id: string;
}
