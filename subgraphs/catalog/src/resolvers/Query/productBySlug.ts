import type { QueryResolvers } from "../../generated/graphql.ts";

export const productBySlug: QueryResolvers["productBySlug"] = (_parent, { slug }, ctx) => ctx.products.bySlug(ctx, slug);
