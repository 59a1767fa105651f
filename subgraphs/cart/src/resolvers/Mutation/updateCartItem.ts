import type { MutationResolvers } from "../../generated/graphql.ts";

export const updateCartItem: MutationResolvers["updateCartItem"] = (_parent, { input }, ctx) => ctx.cartEdits.update(ctx, input);
