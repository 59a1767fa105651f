import type { MutationResolvers } from "../../generated/graphql.ts";

export const adjustStock: MutationResolvers["adjustStock"] = (_parent, { input }, ctx) => ctx.stock.adjust(ctx, input);
