import type { QueryResolvers } from "../../generated/graphql.ts";

export const stores: QueryResolvers["stores"] = (_parent, _args, ctx) => ctx.stores.list(ctx);
