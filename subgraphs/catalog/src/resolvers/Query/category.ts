import type { QueryResolvers } from "../../generated/graphql.ts";

export const category: QueryResolvers["category"] = (_parent, { id }, ctx) => ctx.categories.byId(ctx, id);
