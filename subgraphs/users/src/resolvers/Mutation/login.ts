import type { MutationResolvers } from "../../generated/graphql.ts";

export const login: MutationResolvers["login"] = (_parent, { email, password }, ctx) => ctx.sessions.login(ctx, email, password);
