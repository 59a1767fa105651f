import {
  decodeCursor,
  ForbiddenError,
  isUuid,
  pageSize,
  requireScope,
  requireViewer,
  SCOPES,
  toConnection,
  type Connection,
  type PageArgs,
} from "@amazoff/kit";
import { z } from "zod";
import type { CommentsRequest } from "../request.ts";
import { eventSection, parseSection, productSection, sectionKey } from "../sections/section.ts";
import type { Comment, CommentPosition, EntityRef } from "./comment.model.ts";
import type { CommentRepository } from "./comment.repository.ts";

/** A position in a thread: the (createdAt, id) of the last comment of the previous page. */
const CURSOR = z.object({ t: z.iso.datetime(), id: z.uuid() });

const positionOf = (after: string | null | undefined): CommentPosition | null => {
  if (after === null || after === undefined) return null;
  const { t, id } = decodeCursor(after, CURSOR);
  return { createdAt: new Date(t), id: id.toLowerCase() };
};

/** Reading threads: pages of a section, newest first, and what each comment shows. */
export class CommentService {
  constructor(private readonly comments: CommentRepository) {}

  /** `Query.comments`: any section id, validated (a section nobody wrote to is an empty thread). */
  list(ctx: CommentsRequest, sectionId: string, args: PageArgs): Promise<Connection<Comment>> {
    return this.page(ctx, sectionKey(parseSection(sectionId)), args);
  }

  /** `Product.comments`: the thread `product:<id>`. */
  ofProduct(ctx: CommentsRequest, product: EntityRef, args: PageArgs): Promise<Connection<Comment>> {
    return this.page(ctx, productSection(product.id), args);
  }

  /** `Event.comments`: the thread `event:<id>`. */
  ofEvent(ctx: CommentsRequest, event: EntityRef, args: PageArgs): Promise<Connection<Comment>> {
    return this.page(ctx, eventSection(event.id), args);
  }

  /**
   * A page in (createdAt, id) descending order after the cursor's position: a keyset, never an
   * offset, so comments posted between two pages (newer than everything listed) never shift the
   * next page. One row more than asked says whether another page follows.
   */
  private async page(ctx: CommentsRequest, sectionId: string, args: PageArgs): Promise<Connection<Comment>> {
    const size = pageSize(args.first);
    const after = positionOf(args.after);
    const rows = await ctx.loaders.page(size + 1, after).load(sectionId);
    return toConnection(rows, size, (c) => ({ t: c.createdAt.toISOString(), id: c.id }), {
      hasPreviousPage: after !== null,
      totalCount: async () => (await ctx.loaders.sectionCount.load(sectionId))?.count ?? 0,
    });
  }

  /** For federation references: a malformed id is simply not one of ours. */
  async byReference(ctx: CommentsRequest, id: unknown): Promise<Comment | null> {
    return isUuid(id) ? ctx.loaders.comment.load(id.toLowerCase()) : null;
  }

  /** A Product's or Event's reference: its key is all this subgraph needs. */
  entityReference(id: unknown): EntityRef | null {
    return isUuid(id) ? { id: id.toLowerCase() } : null;
  }

  async replyTo(ctx: CommentsRequest, comment: Comment): Promise<Comment | null> {
    return comment.replyToId ? ctx.loaders.comment.load(comment.replyToId) : null;
  }

  author(comment: Comment): EntityRef | null {
    return comment.authorId ? { id: comment.authorId } : null;
  }

  /** A deleted comment's text is erased: its body reads as an empty string. */
  body(comment: Comment): string {
    return comment.body ?? "";
  }

  /** Staff only (`comments:moderate`), also when this subgraph is called directly. */
  deletionReason(ctx: CommentsRequest, comment: Comment): string | null {
    requireScope(ctx.viewer, SCOPES.COMMENTS_MODERATE);
    return comment.deletionReason;
  }

  /** Everything the person wrote, for their GDPR data export: only for that person. */
  async exportFor(ctx: CommentsRequest, userId: string): Promise<unknown> {
    const viewer = requireViewer(ctx.viewer);
    if (viewer.userId !== userId) throw new ForbiddenError("A data export is only for the person it describes");
    const comments = await this.comments.byAuthor(userId);
    return comments.map((c) => ({
      id: c.id,
      sectionId: c.sectionId,
      body: c.body,
      replyTo: c.replyToId,
      createdAt: c.createdAt.toISOString(),
      editedAt: c.editedAt?.toISOString() ?? null,
      deletedAt: c.deletedAt?.toISOString() ?? null,
      deletedBy: c.deletedBy,
      deletionReason: c.deletionReason,
      postedWithApiKey: c.apiKeyId,
    }));
  }
}
