import type { MutationResolvers } from "../../generated/graphql.ts";

export const createGuestCart: MutationResolvers["createGuestCart"] = (_parent, _args, ctx) => ctx.cartEdits.createGuest(ctx);
