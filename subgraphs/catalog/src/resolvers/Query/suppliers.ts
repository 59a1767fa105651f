import type { QueryResolvers } from "../../generated/graphql.ts";

export const suppliers: QueryResolvers["suppliers"] = (_parent, args, ctx) => ctx.suppliers.list(ctx, args);
