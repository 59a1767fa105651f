import type { QueryResolvers } from "../../generated/graphql.ts";

export const store: QueryResolvers["store"] = (_parent, { id }, ctx) => ctx.stores.byId(ctx, id);
