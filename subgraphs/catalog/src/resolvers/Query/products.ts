import type { QueryResolvers } from "../../generated/graphql.ts";

export const products: QueryResolvers["products"] = (_parent, args, ctx) => ctx.products.list(ctx, args);
