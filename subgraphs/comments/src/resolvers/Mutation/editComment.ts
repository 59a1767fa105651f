import type { MutationResolvers } from "../../generated/graphql.ts";

export const editComment: MutationResolvers["editComment"] = (_parent, { id, body }, ctx) => ctx.commentWrites.edit(ctx, id, body);
