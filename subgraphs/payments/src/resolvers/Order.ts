import type { OrderResolvers } from "../generated/graphql.ts";

export const Order: OrderResolvers = {
  __resolveReference: (reference, ctx) => ctx.payments.orderReference(reference.id),
  payment: (order, _args, ctx) => ctx.payments.ofOrder(ctx, order.id),
};
