import type { QueryResolvers } from "../../generated/graphql.ts";

export const users: QueryResolvers["users"] = (_parent, args, ctx) => ctx.users.list(ctx, args);
