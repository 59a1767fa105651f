import type { MutationResolvers } from "../../generated/graphql.ts";

export const mergeGuestCart: MutationResolvers["mergeGuestCart"] = (_parent, { guestCartId }, ctx) => ctx.cartMerge.merge(ctx, guestCartId);
