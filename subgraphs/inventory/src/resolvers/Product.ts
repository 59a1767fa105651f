import type { ProductResolvers } from "../generated/graphql.ts";

// Every field loads through a per-request DataLoader: `_entities` with many products is one query per field kind.
export const Product: ProductResolvers = {
  __resolveReference: (reference, ctx) => ctx.stock.byReference(reference.id),
  inStock: (product, _args, ctx) => ctx.stock.inStock(ctx, product),
  availability: (product, _args, ctx) => ctx.stock.availability(ctx, product),
  stockLevels: (product, _args, ctx) => ctx.stock.levelsOf(ctx, product),
};
