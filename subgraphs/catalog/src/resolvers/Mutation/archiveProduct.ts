import type { MutationResolvers } from "../../generated/graphql.ts";

export const archiveProduct: MutationResolvers["archiveProduct"] = (_parent, { id }, ctx) => ctx.products.setStatus(ctx, id, "ARCHIVED");
