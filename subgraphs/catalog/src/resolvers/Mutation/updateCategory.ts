import type { MutationResolvers } from "../../generated/graphql.ts";

export const updateCategory: MutationResolvers["updateCategory"] = (_parent, { id, input }, ctx) => ctx.categories.update(ctx, id, input);
