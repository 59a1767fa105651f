import type { MutationResolvers } from "../../generated/graphql.ts";

export const addComment: MutationResolvers["addComment"] = (_parent, args, ctx) => ctx.commentWrites.add(ctx, args);
