import DataLoader from "dataloader";
import { groupLoader, keyLoader } from "@amazoff/kit";
import type { Payment, Refund } from "./payments/payment.model.ts";
import type { PaymentRepository } from "./payments/payment.repository.ts";

/** Per-request DataLoaders: every entity reference and relation goes through one. */
export function createLoaders(payments: PaymentRepository) {
  return {
    payment: keyLoader(
      (ids: readonly string[]) => payments.findByIds(ids),
      (p) => p.id,
    ),
    /** Every attempt of an order, oldest first. */
    paymentsByOrder: groupLoader(
      (orderRefs: readonly string[]) => payments.findByOrderRefs(orderRefs),
      (p) => p.orderRef!,
    ),
    /** Refunds need the payment's currency, hence the payment as key (cached by id). */
    refunds: new DataLoader<Payment, Refund[], string>(
      async (list) => {
        const refunds = await payments.refundsOf(list.map((p) => ({ id: p.id, currency: p.amount.currency })));
        return list.map((p) => refunds.filter((r) => r.paymentId === p.id));
      },
      { cacheKeyFn: (p) => p.id, maxBatchSize: 500 },
    ),
  };
}

export type PaymentsLoaders = ReturnType<typeof createLoaders>;
