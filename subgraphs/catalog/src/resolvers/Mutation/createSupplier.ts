import type { MutationResolvers } from "../../generated/graphql.ts";

export const createSupplier: MutationResolvers["createSupplier"] = (_parent, { input }, ctx) => ctx.suppliers.create(ctx, input);
