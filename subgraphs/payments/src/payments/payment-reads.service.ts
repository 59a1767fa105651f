import { assertId, isUuid, requireOwnerOr, requireScope, SCOPES } from "@amazoff/kit";
import type { PaymentsContext } from "../context.ts";
import { isPayment, type Payment, type PaymentRecord, type Refund } from "./payment.model.ts";

/** Attempts that went through rank before declined and failed ones. */
const WENT_THROUGH = new Set(["PENDING", "AUTHORIZED", "CAPTURED", "VOIDED", "REFUNDED", "PARTIALLY_REFUNDED"]);

/** The payment an order shows: its latest attempt that went through, else its latest attempt. */
export function paymentOfOrder(attempts: readonly PaymentRecord[]): Payment | null {
  const payments = attempts.filter(isPayment);
  return payments.findLast((p) => WENT_THROUGH.has(p.status)) ?? payments.at(-1) ?? null;
}

/** What the graph shows of payments: the buyer's own, or any to staff. */
export class PaymentReadService {
  /** For federation references: a malformed id is simply not an order we can know of. */
  orderReference(id: unknown): { id: string } | null {
    return isUuid(id) ? { id: id.toLowerCase() } : null;
  }

  async ofOrder(ctx: PaymentsContext, orderId: string): Promise<Payment | null> {
    requireScope(ctx.viewer, SCOPES.ORDERS_READ_OWN, SCOPES.ORDERS_READ_ANY);
    return this.visible(ctx, paymentOfOrder(await ctx.loaders.paymentsByOrder.load(orderId)));
  }

  async byId(ctx: PaymentsContext, id: string): Promise<Payment | null> {
    requireScope(ctx.viewer, SCOPES.ORDERS_READ_OWN, SCOPES.ORDERS_READ_ANY);
    const record = await ctx.loaders.payment.load(assertId(id, "id", "payment id"));
    return this.visible(ctx, record && isPayment(record) ? record : null);
  }

  refunds(ctx: PaymentsContext, payment: Payment): Promise<Refund[]> {
    return ctx.loaders.refunds.load(payment);
  }

  /** Ownership, which no directive can express: the payer, or staff who may read any order. */
  private visible(ctx: PaymentsContext, payment: Payment | null): Payment | null {
    if (payment) requireOwnerOr(ctx.viewer, payment.userId, SCOPES.ORDERS_READ_ANY);
    return payment;
  }
}
