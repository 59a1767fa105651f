import type { QueryResolvers } from "../../generated/graphql.ts";

export const categoryBySlug: QueryResolvers["categoryBySlug"] = (_parent, { slug }, ctx) => ctx.categories.bySlug(ctx, slug);
