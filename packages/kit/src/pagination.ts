import type { z } from "zod";
import { BadUserInputError } from "./errors.ts";

/**
 * Opaque cursors: base64url of a small JSON document describing the position (e.g. the sort key
 * and id of the last row). Opaque to clients, so the position's shape can change without an API
 * change; validated on the way back in, so a forged or stale cursor is a clean BAD_USER_INPUT.
 */
export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position), "utf8").toString("base64url");
}

export function decodeCursor<S extends z.ZodType>(cursor: string, schema: S, argument = "after"): z.infer<S> {
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]{1,1024}$/.test(cursor)) throw new Error("not base64url");
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new BadUserInputError(`\`${argument}\` is not a valid cursor`, argument);
  }
  const result = schema.safeParse(parsed);
  if (!result.success) throw new BadUserInputError(`\`${argument}\` is not a valid cursor for this list`, argument);
  return result.data;
}

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Validates `first`: a page holds between 0 and MAX_PAGE_SIZE items. */
export function pageSize(first: number | null | undefined, max = MAX_PAGE_SIZE): number {
  if (first === null || first === undefined) return Math.min(DEFAULT_PAGE_SIZE, max);
  if (!Number.isInteger(first) || first < 0) throw new BadUserInputError("`first` must be a non-negative integer", "first");
  if (first > max) throw new BadUserInputError(`\`first\` must be at most ${max}`, "first", { max });
  return first;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}
export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}
export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number | (() => Promise<number>);
}

/**
 * Builds a forward connection from rows fetched with `take: size + 1` (the extra row only tells
 * whether another page exists). `totalCount` may be a thunk so it is only computed when asked for.
 */
export function toConnection<T>(
  rows: T[],
  size: number,
  cursorOf: (row: T) => unknown,
  options: { hasPreviousPage: boolean; totalCount: number | (() => Promise<number>) },
): Connection<T> {
  const page = rows.slice(0, size);
  const edges = page.map((node) => ({ node, cursor: encodeCursor(cursorOf(node)) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > size,
      hasPreviousPage: options.hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: options.totalCount,
  };
}
