import { writeToOutbox, type DomainEvent } from "@amazoff/events";
import { Prisma } from "../generated/prisma/client.ts";
import type { CommentsDb } from "../db.ts";
import type { Comment, CommentPosition, DeletedBy } from "./comment.model.ts";

// Reads are plain SQL through `db.sql` (see sqlReader in @amazoff/db for the measured reason);
// writes are single statements, or one Prisma transaction when an event goes with them.

interface CommentRow {
  id: string;
  section_id: string;
  author_id: string | null;
  api_key_id: string | null;
  body: string | null;
  reply_to_id: string | null;
  created_at: Date;
  edited_at: Date | null;
  deleted_at: Date | null;
  deleted_by: DeletedBy | null;
  deletion_reason: string | null;
}

// deleted_by is read as text: the driver adapter knows no enum types.
const COLUMNS = Prisma.sql`id, section_id, author_id, api_key_id, body, reply_to_id, created_at, edited_at, deleted_at,
  deleted_by::text AS deleted_by, deletion_reason`;

const toComment = (row: CommentRow): Comment => ({
  id: row.id,
  sectionId: row.section_id,
  authorId: row.author_id,
  apiKeyId: row.api_key_id,
  body: row.body,
  replyToId: row.reply_to_id,
  createdAt: row.created_at,
  editedAt: row.edited_at,
  deletedAt: row.deleted_at,
  deletedBy: row.deleted_by,
  deletionReason: row.deletion_reason,
});

/** A new comment: what the service decided. */
export interface NewComment {
  id: string;
  sectionId: string;
  authorId: string;
  apiKeyId: string | null;
  body: string;
  replyToId: string | null;
}

/** "Older than this position" in the newest-first order: a row comparison the index serves. */
const olderThan = (after: CommentPosition | null) =>
  after ? Prisma.sql`AND (created_at, id) < (${after.createdAt}::timestamptz, ${after.id}::uuid)` : Prisma.empty;

export class CommentRepository {
  constructor(private readonly db: CommentsDb) {}

  async findByIds(ids: readonly string[]): Promise<Comment[]> {
    const rows = await this.db.sql.query<CommentRow>(Prisma.sql`SELECT ${COLUMNS} FROM comments WHERE id = ANY(${[...ids]}::uuid[])`);
    return rows.map(toComment);
  }

  /**
   * One page of each section, newest first, after the same position in each: one statement for
   * any number of sections (a product list asking every product's first comments), each served by
   * a range scan of comments_section_newest_idx. `take` includes the look-ahead row. Static so the
   * plan test explains exactly what runs.
   */
  static pagesQuery(sectionIds: readonly string[], take: number, after: CommentPosition | null): Prisma.Sql {
    if (sectionIds.length === 1)
      return Prisma.sql`SELECT ${COLUMNS} FROM comments WHERE section_id = ${sectionIds[0]} ${olderThan(after)}
        ORDER BY created_at DESC, id DESC LIMIT ${take}::int`;
    return Prisma.sql`
      SELECT c.* FROM unnest(${[...sectionIds]}::text[]) WITH ORDINALITY AS s(section_id, ord)
      CROSS JOIN LATERAL (
        SELECT ${COLUMNS} FROM comments
        WHERE comments.section_id = s.section_id ${olderThan(after)}
        ORDER BY created_at DESC, id DESC LIMIT ${take}::int
      ) c
      ORDER BY s.ord, c.created_at DESC, c.id DESC`;
  }

  async pages(sectionIds: readonly string[], take: number, after: CommentPosition | null): Promise<Comment[]> {
    return (await this.db.sql.query<CommentRow>(CommentRepository.pagesQuery(sectionIds, take, after))).map(toComment);
  }

  /** Comments per section (deleted ones included: they keep their place). */
  async countBySections(sectionIds: readonly string[]): Promise<{ sectionId: string; count: number }[]> {
    const rows = await this.db.sql.query<{ section_id: string; count: number }>(
      Prisma.sql`SELECT section_id, count(*)::int AS count FROM comments WHERE section_id = ANY(${[...sectionIds]}::text[]) GROUP BY section_id`,
    );
    return rows.map((r) => ({ sectionId: r.section_id, count: r.count }));
  }

  /** Everything a person wrote, newest first (their GDPR export). */
  async byAuthor(authorId: string): Promise<Comment[]> {
    const rows = await this.db.sql.query<CommentRow>(
      Prisma.sql`SELECT ${COLUMNS} FROM comments WHERE author_id = ${authorId}::uuid ORDER BY created_at DESC, id DESC`,
    );
    return rows.map(toComment);
  }

  /** Stores a comment, and its event (if any) in the outbox in the same transaction. */
  async insert(comment: NewComment, event: DomainEvent | null): Promise<Comment> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.$queryRaw<CommentRow[]>(Prisma.sql`
        INSERT INTO comments (id, section_id, author_id, api_key_id, body, reply_to_id)
        VALUES (${comment.id}::uuid, ${comment.sectionId}, ${comment.authorId}::uuid, ${comment.apiKeyId}::uuid, ${comment.body}, ${comment.replyToId}::uuid)
        RETURNING ${COLUMNS}`);
      if (event) await writeToOutbox(tx, event);
      return toComment(row!);
    });
  }

  /** Replaces the body of a live comment of `authorId`; null when there is none such. */
  async edit(id: string, authorId: string, body: string): Promise<Comment | null> {
    const [row] = await this.db.prisma.$queryRaw<CommentRow[]>(Prisma.sql`
      UPDATE comments SET body = ${body}, edited_at = now()
      WHERE id = ${id}::uuid AND author_id = ${authorId}::uuid AND deleted_at IS NULL
      RETURNING ${COLUMNS}`);
    return row ? toComment(row) : null;
  }

  /**
   * Deletes a live comment: its body is erased, its place kept. `authorId`: only if it is still
   * theirs (staff pass null). Null when nothing was deleted (already deleted, or not theirs).
   */
  async softDelete(id: string, by: { deletedBy: DeletedBy; authorId: string | null; reason: string | null }): Promise<Comment | null> {
    const theirs = by.authorId ? Prisma.sql`AND author_id = ${by.authorId}::uuid` : Prisma.empty;
    const [row] = await this.db.prisma.$queryRaw<CommentRow[]>(Prisma.sql`
      UPDATE comments SET body = NULL, deleted_at = now(), deleted_by = ${by.deletedBy}::comment_deleted_by, deletion_reason = ${by.reason}
      WHERE id = ${id}::uuid AND deleted_at IS NULL ${theirs}
      RETURNING ${COLUMNS}`);
    return row ? toComment(row) : null;
  }
}
