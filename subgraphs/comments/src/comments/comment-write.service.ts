import { randomUUID } from "node:crypto";
import { createEvent, type DomainEvent } from "@amazoff/events";
import {
  assertId,
  BadUserInputError,
  cleanOptionalText,
  cleanText,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  requireScope,
  SCOPES,
  type Viewer,
} from "@amazoff/kit";
import type { CommentRateLimiter } from "../rate-limits/rate-limiter.ts";
import type { CommentsRequest } from "../request.ts";
import { parseSection, sectionKey } from "../sections/section.ts";
import type { SectionService } from "../sections/section.service.ts";
import { BODY_RULE, REASON_RULE, type Comment } from "./comment.model.ts";
import type { CommentRepository } from "./comment.repository.ts";

/** The name this subgraph publishes its events under. */
export const EVENT_SOURCE = "comments";

export interface AddCommentInput {
  sectionId: string;
  body: string;
  replyTo?: string | null;
}

/**
 * Posting, editing and deleting. Inputs are checked first (cheap, and nothing is counted for a
 * malformed request); then the writer's rate; then what needs a peer or a read (the section's
 * product or event exists, the comment replied to is a live first comment of that section).
 */
export class CommentWriteService {
  constructor(
    private readonly comments: CommentRepository,
    private readonly sections: SectionService,
    private readonly limiter: CommentRateLimiter,
  ) {}

  async add(ctx: CommentsRequest, input: AddCommentInput): Promise<Comment> {
    const viewer = requireScope(ctx.viewer, SCOPES.COMMENTS_WRITE);
    const section = parseSection(input.sectionId);
    const sectionId = sectionKey(section);
    const body = cleanText(input.body, "body", BODY_RULE);
    const replyToId = input.replyTo === null || input.replyTo === undefined ? null : assertId(input.replyTo, "replyTo", "comment id");
    await this.limiter.take(viewer);
    const [parent] = await Promise.all([
      replyToId ? this.threadStart(ctx, replyToId, sectionId) : null,
      this.sections.requireWritable(ctx, section),
    ]);
    const id = randomUUID();
    const comment = await this.comments.insert(
      { id, sectionId, authorId: viewer.userId, apiKeyId: viewer.via === "api-key" ? (viewer.apiKeyId ?? null) : null, body, replyToId },
      parent ? replied(id, parent, viewer) : null,
    );
    return remember(ctx, comment);
  }

  async edit(ctx: CommentsRequest, id: string, body: string): Promise<Comment> {
    const viewer = requireScope(ctx.viewer, SCOPES.COMMENTS_WRITE);
    const commentId = assertId(id, "id", "comment id");
    const text = cleanText(body, "body", BODY_RULE);
    await this.limiter.take(viewer);
    const edited = await this.comments.edit(commentId, viewer.userId, text);
    if (edited) return remember(ctx, edited);
    // Nothing was changed: say why.
    const [current] = await this.comments.findByIds([commentId]);
    if (!current) throw new NotFoundError("No such comment");
    if (current.authorId !== viewer.userId) throw new ForbiddenError("Only its author may edit a comment");
    throw new ConflictError("This comment was deleted; it can no longer be edited");
  }

  /**
   * The author deletes their own comment (a reason is optional); staff delete anyone's with a
   * reason. Either way the body is erased and the comment keeps its place.
   */
  async delete(ctx: CommentsRequest, id: string, reason: string | null | undefined): Promise<Comment> {
    const viewer = requireScope(ctx.viewer, SCOPES.COMMENTS_WRITE, SCOPES.COMMENTS_MODERATE);
    const commentId = assertId(id, "id", "comment id");
    const [current] = await this.comments.findByIds([commentId]);
    if (!current) throw new NotFoundError("No such comment");
    const own = current.authorId !== null && current.authorId === viewer.userId;
    if (!own && !viewer.scopes.has(SCOPES.COMMENTS_MODERATE)) throw new ForbiddenError("Only its author or staff may delete a comment");
    if (!own && (reason === null || reason === undefined || reason.trim() === ""))
      throw new BadUserInputError("Staff deleting someone else's comment must give a `reason`", "reason");
    const why = cleanOptionalText(reason, "reason", REASON_RULE);
    if (current.deletedAt) return remember(ctx, current);
    const deleted = await this.comments.softDelete(commentId, {
      deletedBy: own ? "AUTHOR" : "STAFF",
      authorId: own ? viewer.userId : null,
      reason: why,
    });
    // Null: deleted (or its author erased) meanwhile; answer what it is now.
    return remember(ctx, deleted ?? (await this.comments.findByIds([commentId]))[0]!);
  }

  /** The comment a reply answers: a live comment of the same section that starts a thread. */
  private async threadStart(ctx: CommentsRequest, replyToId: string, sectionId: string): Promise<Comment> {
    const parent = await ctx.loaders.comment.load(replyToId);
    if (!parent || parent.sectionId !== sectionId) throw new BadUserInputError("`replyTo` names no comment of this section", "replyTo");
    if (parent.replyToId)
      throw new BadUserInputError("`replyTo` names a reply; reply to the first comment of its thread instead", "replyTo", {
        threadId: parent.replyToId,
      });
    if (parent.deletedAt) throw new BadUserInputError("`replyTo` names a deleted comment", "replyTo");
    return parent;
  }
}

/** CommentReplied, for the author of the comment replied to: not for oneself, nor for an erased author. */
function replied(commentId: string, parent: Comment, viewer: Viewer): DomainEvent | null {
  if (!parent.authorId || parent.authorId === viewer.userId) return null;
  return createEvent(EVENT_SOURCE, "CommentReplied", {
    commentId,
    replyToId: parent.id,
    sectionId: parent.sectionId,
    recipientId: parent.authorId,
    authorId: viewer.userId,
  });
}

/** A write's result is read through the request's loaders: they must serve it as it now is. */
function remember(ctx: CommentsRequest, comment: Comment): Comment {
  ctx.loaders.comment.clear(comment.id).prime(comment.id, comment);
  return comment;
}
