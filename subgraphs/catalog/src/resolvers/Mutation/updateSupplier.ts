import type { MutationResolvers } from "../../generated/graphql.ts";

export const updateSupplier: MutationResolvers["updateSupplier"] = (_parent, { id, input }, ctx) => ctx.suppliers.update(ctx, id, input);
