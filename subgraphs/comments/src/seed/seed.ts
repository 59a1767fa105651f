import { demoComments } from "@amazoff/demo-data";
import type { CommentsDb } from "../db.ts";

/** What the demo threads hold after seeding, and what this run added. */
export interface CommentsSeedResult {
  comments: number;
  added: number;
}

/**
 * Loads the demo threads (packages/demo-data): comments on some demo products and pages.
 * Idempotent: ids are deterministic and existing rows (possibly edited or deleted since) are
 * left alone, so a restart adds nothing twice.
 */
export async function seedComments(db: CommentsDb): Promise<CommentsSeedResult> {
  const rows = demoComments();
  const ids = rows.map((c) => c.id);
  const present = () => db.prisma.comment.count({ where: { id: { in: ids } } });
  // One statement: a reply and the comment it answers may arrive together (foreign keys are checked at its end).
  const added = (await present()) >= rows.length ? 0 : (await db.prisma.comment.createMany({ data: rows, skipDuplicates: true })).count;
  return { comments: await present(), added };
}
