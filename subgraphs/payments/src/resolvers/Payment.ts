import type { PaymentResolvers } from "../generated/graphql.ts";

export const Payment: PaymentResolvers = {
  refundedAmount: (payment) => ({ amount: payment.refundedAmount, currency: payment.amount.currency }),
  refunds: (payment, _args, ctx) => ctx.payments.refunds(ctx, payment),
};
