import type { CommentResolvers } from "../generated/graphql.ts";

// id, sectionId, createdAt, editedAt, deletedAt and deletedBy are the model's own (default resolvers).
export const Comment: CommentResolvers = {
  __resolveReference: (reference, ctx) => ctx.comments.byReference(ctx, reference.id),
  author: (comment, _args, ctx) => ctx.comments.author(comment),
  body: (comment, _args, ctx) => ctx.comments.body(comment),
  deleted: (comment) => comment.deletedAt !== null,
  deletionReason: (comment, _args, ctx) => ctx.comments.deletionReason(ctx, comment),
  replyTo: (comment, _args, ctx) => ctx.comments.replyTo(ctx, comment),
};
