import type { StockAdjustmentResolvers } from "../generated/graphql.ts";

export const StockAdjustment: StockAdjustmentResolvers = {
  product: (adjustment) => ({ id: adjustment.productId }),
  store: (adjustment, _args, ctx) => ctx.stores.ofRow(ctx, adjustment),
  // A reference the router completes from the users subgraph (e.g. `performedBy { displayName }`).
  performedBy: (adjustment) => (adjustment.actorId ? { id: adjustment.actorId } : null),
};
