import type { MutationResolvers } from "../../generated/graphql.ts";

export const updateAddress: MutationResolvers["updateAddress"] = (_parent, { id, input }, ctx) => ctx.addresses.update(ctx, id, input);
