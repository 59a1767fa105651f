import type { MutationResolvers } from "../../generated/graphql.ts";

export const addToCart: MutationResolvers["addToCart"] = (_parent, { input }, ctx) => ctx.cartEdits.add(ctx, input);
