import type { MutationResolvers } from "../../generated/graphql.ts";

export const deleteAddress: MutationResolvers["deleteAddress"] = (_parent, { id }, ctx) => ctx.addresses.delete(ctx, id);
