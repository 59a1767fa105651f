import type { MutationResolvers } from "../../generated/graphql.ts";

export const deleteMyAccount: MutationResolvers["deleteMyAccount"] = (_parent, { password }, ctx) => ctx.erasure.deleteMine(ctx, password);
