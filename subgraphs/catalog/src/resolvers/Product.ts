import { NotFoundError } from "@amazoff/kit";
import type { ProductResolvers } from "../generated/graphql.ts";

export const Product: ProductResolvers = {
  __resolveReference: (reference, ctx) => ctx.products.byReference(ctx, reference.id),
  category: async (product, _args, ctx) => {
    const category = await ctx.loaders.category.load(product.categoryId);
    // category_id is a foreign key: a missing category is a broken invariant, not user error.
    if (!category) throw new NotFoundError(`Category of product ${product.id} not found`);
    return category;
  },
  supplier: (product, _args, ctx) => ctx.suppliers.ofProduct(ctx, product.supplierId),
};
