import type { QueryResolvers } from "../../generated/graphql.ts";

export const stockAdjustments: QueryResolvers["stockAdjustments"] = (_parent, args, ctx) => ctx.adjustments.list(ctx, args);
