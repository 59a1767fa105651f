import type { MutationResolvers } from "../../generated/graphql.ts";

export const createAddress: MutationResolvers["createAddress"] = (_parent, { input }, ctx) => ctx.addresses.create(ctx, input);
