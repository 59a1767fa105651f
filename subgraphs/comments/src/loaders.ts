import { groupLoader, keyLoader } from "@amazoff/kit";
import type DataLoader from "dataloader";
import type { Comment, CommentPosition } from "./comments/comment.model.ts";
import type { CommentRepository } from "./comments/comment.repository.ts";

/**
 * Per-request DataLoaders: comments by id (entity references, `replyTo`), the section counts, and
 * pages of sections. A page loader exists per (size, position): every product of a list asking
 * for its first 10 comments is one statement, whatever the number of products.
 */
export function createLoaders(comments: CommentRepository) {
  const pages = new Map<string, DataLoader<string, Comment[]>>();
  return {
    comment: keyLoader(
      (ids: readonly string[]) => comments.findByIds(ids),
      (c) => c.id,
    ),
    sectionCount: keyLoader(
      (sectionIds: readonly string[]) => comments.countBySections(sectionIds),
      (c) => c.sectionId,
    ),
    /** Sections' pages of `take` comments after `after` (the same position in each). */
    page(take: number, after: CommentPosition | null): DataLoader<string, Comment[]> {
      const key = `${take}|${after ? `${after.createdAt.toISOString()}|${after.id}` : ""}`;
      let loader = pages.get(key);
      if (!loader) {
        loader = groupLoader(
          (sectionIds: readonly string[]) => comments.pages(sectionIds, take, after),
          (c) => c.sectionId,
        );
        pages.set(key, loader);
      }
      return loader;
    },
  };
}

export type CommentLoaders = ReturnType<typeof createLoaders>;
