import type { MutationResolvers } from "../../generated/graphql.ts";

export const cancelOrder: MutationResolvers["cancelOrder"] = (_parent, { id, reason }, ctx) => ctx.orders.cancel(ctx, id, reason);
