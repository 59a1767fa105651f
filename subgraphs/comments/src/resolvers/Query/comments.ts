import type { QueryResolvers } from "../../generated/graphql.ts";

export const comments: QueryResolvers["comments"] = (_parent, { sectionId, first, after }, ctx) =>
  ctx.comments.list(ctx, sectionId, { first, after });
