import type { QueryResolvers } from "../../generated/graphql.ts";

export const categories: QueryResolvers["categories"] = (_parent, _args, ctx) => ctx.categories.topLevel(ctx);
