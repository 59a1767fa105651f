import type { QueryResolvers } from "../../generated/graphql.ts";

export const orders: QueryResolvers["orders"] = (_parent, args, ctx) => ctx.orders.list(ctx, args);
