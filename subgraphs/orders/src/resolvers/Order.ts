import type { OrderResolvers } from "../generated/graphql.ts";

const money = (amount: number, currency: string) => ({ amount, currency });

export const Order: OrderResolvers = {
  __resolveReference: (reference, ctx) => ctx.orders.byReference(ctx, reference.id),
  subtotal: (order) => money(order.subtotal, order.currency),
  total: (order) => money(order.total, order.currency),
  customer: (order) => ({ id: order.userId }),
  items: async (order, _args, ctx) =>
    (await ctx.loaders.lines.load(order.id)).map((line) => ({
      product: { id: line.productId },
      sku: line.sku,
      name: line.name,
      quantity: line.quantity,
      unitPrice: money(line.unitPrice, order.currency),
      lineTotal: money(line.lineTotal, order.currency),
    })),
  statusHistory: (order, _args, ctx) => ctx.loaders.history.load(order.id),
};
