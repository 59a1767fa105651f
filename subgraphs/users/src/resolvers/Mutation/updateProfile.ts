import type { MutationResolvers } from "../../generated/graphql.ts";

export const updateProfile: MutationResolvers["updateProfile"] = (_parent, args, ctx) => ctx.accounts.updateProfile(ctx, args);
