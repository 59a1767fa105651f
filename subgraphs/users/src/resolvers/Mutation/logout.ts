import type { MutationResolvers } from "../../generated/graphql.ts";

export const logout: MutationResolvers["logout"] = (_parent, _args, ctx) => ctx.sessions.logout(ctx);
