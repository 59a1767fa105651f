import type { QueryResolvers } from "../../generated/graphql.ts";

export const apiKeys: QueryResolvers["apiKeys"] = (_parent, args, ctx) => ctx.apiKeys.list(ctx, args);
