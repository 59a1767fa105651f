import type { QueryResolvers } from "../../generated/graphql.ts";

export const order: QueryResolvers["order"] = (_parent, { id }, ctx) => ctx.orders.byId(ctx, id);
