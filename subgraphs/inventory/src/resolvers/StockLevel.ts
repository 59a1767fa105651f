import type { StockLevelResolvers } from "../generated/graphql.ts";

export const StockLevel: StockLevelResolvers = {
  product: (level) => ({ id: level.productId }),
  store: (level, _args, ctx) => ctx.stores.ofRow(ctx, level),
  available: (level) => level.onHand - level.reserved,
  low: (level) => level.onHand - level.reserved <= level.lowStockThreshold,
};
