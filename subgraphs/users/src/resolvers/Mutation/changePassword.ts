import type { MutationResolvers } from "../../generated/graphql.ts";

export const changePassword: MutationResolvers["changePassword"] = (_parent, args, ctx) => ctx.accounts.changePassword(ctx, args);
