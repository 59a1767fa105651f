import type { QueryResolvers } from "../../generated/graphql.ts";

export const payment: QueryResolvers["payment"] = (_parent, { id }, ctx) => ctx.payments.byId(ctx, id);
