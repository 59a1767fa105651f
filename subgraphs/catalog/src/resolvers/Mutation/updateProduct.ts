import type { MutationResolvers } from "../../generated/graphql.ts";

export const updateProduct: MutationResolvers["updateProduct"] = (_parent, { id, input }, ctx) => ctx.products.update(ctx, id, input);
