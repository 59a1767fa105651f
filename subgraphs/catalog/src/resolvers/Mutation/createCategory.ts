import type { MutationResolvers } from "../../generated/graphql.ts";

export const createCategory: MutationResolvers["createCategory"] = (_parent, { input }, ctx) => ctx.categories.create(ctx, input);
