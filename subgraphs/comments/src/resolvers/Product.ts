import type { ProductResolvers } from "../generated/graphql.ts";

export const Product: ProductResolvers = {
  __resolveReference: (reference, ctx) => ctx.comments.entityReference(reference.id),
  comments: (product, args, ctx) => ctx.comments.ofProduct(ctx, product, args),
};
