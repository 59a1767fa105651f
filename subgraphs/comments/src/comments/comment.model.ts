import type { TextRule } from "@amazoff/kit";

export type DeletedBy = "AUTHOR" | "STAFF";

/** A comment as services and resolvers see it (no Prisma types past the repository). */
export interface Comment {
  id: string;
  /** The canonical section id (see sections/section.ts). */
  sectionId: string;
  /** Null once the author's account was erased. */
  authorId: string | null;
  /** The partner API key it was posted with; null when posted in a session. */
  apiKeyId: string | null;
  /** Null once deleted. */
  body: string | null;
  /** The root comment it replies to. */
  replyToId: string | null;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
  deletedBy: DeletedBy | null;
  deletionReason: string | null;
}

/** A reference to another subgraph's entity (Product, Event, User): only its key. */
export interface EntityRef {
  id: string;
}

/** A comment's body: 1 to 2,000 characters (code points), several lines allowed. */
export const BODY_RULE: TextRule = { min: 1, max: 2_000, multiline: true };
/** Why staff deleted someone's comment: 1 to 500 characters on one line. */
export const REASON_RULE: TextRule = { min: 1, max: 500 };

/** Where a page of a section's comments starts: after this comment, in (createdAt, id) descending order. */
export interface CommentPosition {
  createdAt: Date;
  id: string;
}
