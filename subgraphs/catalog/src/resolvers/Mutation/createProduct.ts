import type { MutationResolvers } from "../../generated/graphql.ts";

export const createProduct: MutationResolvers["createProduct"] = (_parent, { input }, ctx) => ctx.products.create(ctx, input);
