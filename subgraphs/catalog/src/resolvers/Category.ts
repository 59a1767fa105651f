import type { CategoryResolvers } from "../generated/graphql.ts";

export const Category: CategoryResolvers = {
  __resolveReference: (reference, ctx) => ctx.categories.byReference(ctx, reference.id),
  parent: (category, _args, ctx) => ctx.categories.parent(ctx, category),
  children: (category, _args, ctx) => ctx.categories.children(ctx, category),
  products: (category, args, ctx) => ctx.products.list(ctx, { ...args, filter: { categoryId: category.id, includeSubcategories: false } }),
};
