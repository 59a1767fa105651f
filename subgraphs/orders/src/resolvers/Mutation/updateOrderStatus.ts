import type { MutationResolvers } from "../../generated/graphql.ts";

export const updateOrderStatus: MutationResolvers["updateOrderStatus"] = (_parent, { id, status, reason }, ctx) =>
  ctx.orders.updateStatus(ctx, id, status, reason);
