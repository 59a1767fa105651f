import type { MutationResolvers } from "../../generated/graphql.ts";

export const setLowStockThreshold: MutationResolvers["setLowStockThreshold"] = (_parent, { input }, ctx) =>
  ctx.stock.setThreshold(ctx, input);
