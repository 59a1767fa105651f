import type { MutationResolvers } from "../../generated/graphql.ts";

export const removeCartItem: MutationResolvers["removeCartItem"] = (_parent, { input }, ctx) => ctx.cartEdits.remove(ctx, input);
