import type { QueryResolvers } from "../../generated/graphql.ts";

export const user: QueryResolvers["user"] = (_parent, { id }, ctx) => ctx.users.byId(ctx, id);
