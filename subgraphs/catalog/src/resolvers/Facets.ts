import { NotFoundError } from "@amazoff/kit";
import type { CategoryFacetResolvers, PriceBucketResolvers } from "../generated/graphql.ts";
import { SHOP_CURRENCY } from "../validation.ts";

export const CategoryFacet: CategoryFacetResolvers = {
  category: async (facet, _args, ctx) => {
    const category = await ctx.loaders.category.load(facet.categoryId);
    if (!category) throw new NotFoundError(`Category ${facet.categoryId} not found`);
    return category;
  },
};

export const PriceBucket: PriceBucketResolvers = {
  min: (bucket) => ({ amount: bucket.min, currency: SHOP_CURRENCY }),
  max: (bucket) => (bucket.max === null ? null : { amount: bucket.max, currency: SHOP_CURRENCY }),
};
