import type { QueryResolvers } from "../../generated/graphql.ts";

export const product: QueryResolvers["product"] = (_parent, { id }, ctx) => ctx.products.byId(ctx, id);
