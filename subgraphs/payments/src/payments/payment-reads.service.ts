import { assertId, isUuid, NotFoundError, requireScope, SCOPES, type Viewer } from "@amazoff/kit";
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

  /** The order's payment, or null when it has none the viewer may see (someone else's looks like none). */
  async ofOrder(ctx: PaymentsContext, orderId: string): Promise<Payment | null> {
    const viewer = requireScope(ctx.viewer, SCOPES.ORDERS_READ_OWN, SCOPES.ORDERS_READ_ANY);
    const payment = paymentOfOrder(await ctx.loaders.paymentsByOrder.load(orderId));
    return payment && mayRead(viewer, payment) ? payment : null;
  }

  /**
   * A payment by id. Unknown, a void-by-key tombstone, or someone else's: the same NOT_FOUND, so
   * the answer never confirms that an id exists.
   */
  async byId(ctx: PaymentsContext, id: string): Promise<Payment> {
    const viewer = requireScope(ctx.viewer, SCOPES.ORDERS_READ_OWN, SCOPES.ORDERS_READ_ANY);
    const record = await ctx.loaders.payment.load(assertId(id, "id", "payment id"));
    if (!record || !isPayment(record) || !mayRead(viewer, record)) throw new NotFoundError("No such payment");
    return record;
  }

  refunds(ctx: PaymentsContext, payment: Payment): Promise<Refund[]> {
    return ctx.loaders.refunds.load(payment);
  }
}

/** Ownership, which no directive can express: the payer, or staff who may read any order. */
const mayRead = (viewer: Viewer, payment: Payment): boolean =>
  payment.userId === viewer.userId || viewer.scopes.has(SCOPES.ORDERS_READ_ANY);
