import type { MutationResolvers } from "../../generated/graphql.ts";

export const signup: MutationResolvers["signup"] = (_parent, args, ctx) => ctx.accounts.signup(ctx, args);
