import type { MutationResolvers } from "../../generated/graphql.ts";

export const clearCart: MutationResolvers["clearCart"] = (_parent, { guestCartId }, ctx) => ctx.cartEdits.clear(ctx, guestCartId);
