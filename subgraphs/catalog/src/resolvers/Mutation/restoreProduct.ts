import type { MutationResolvers } from "../../generated/graphql.ts";

export const restoreProduct: MutationResolvers["restoreProduct"] = (_parent, { id }, ctx) => ctx.products.setStatus(ctx, id, "ACTIVE");
