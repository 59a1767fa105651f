import type { MutationResolvers } from "../../generated/graphql.ts";

export const deleteComment: MutationResolvers["deleteComment"] = (_parent, { id, reason }, ctx) =>
  ctx.commentWrites.delete(ctx, id, reason);
