import type { StoreResolvers } from "../generated/graphql.ts";

export const Store: StoreResolvers = {
  __resolveReference: (reference, ctx) => ctx.stores.byReference(ctx, reference.id),
};
