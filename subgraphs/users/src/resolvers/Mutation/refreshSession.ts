import type { MutationResolvers } from "../../generated/graphql.ts";

export const refreshSession: MutationResolvers["refreshSession"] = (_parent, { refreshToken }, ctx) =>
  ctx.sessions.refresh(ctx, refreshToken);
