import { describe, expect, it } from "vitest";
import { z } from "zod";
import { decodeCursor, encodeCursor, pageSize, toConnection } from "./pagination.ts";

const position = z.object({ key: z.number(), id: z.string() });

describe("cursors", () => {
  it("round-trip a position and are opaque url-safe strings", () => {
    const cursor = encodeCursor({ key: 1999, id: "a/b+c" });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, position)).toEqual({ key: 1999, id: "a/b+c" });
  });

  it.each([
    ["not base64", "%%%"],
    ["not JSON", Buffer.from("{oops").toString("base64url")],
    ["wrong shape", encodeCursor({ key: "x" })],
    ["empty", ""],
    ["too long", "a".repeat(2000)],
  ])("rejects a cursor that is %s with BAD_USER_INPUT", (_label, cursor) => {
    expect(() => decodeCursor(cursor, position)).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_USER_INPUT", field: "after" }) }),
    );
  });
});

describe("pageSize", () => {
  it("defaults to 20 and accepts 0..100", () => {
    expect(pageSize(undefined)).toBe(20);
    expect(pageSize(null)).toBe(20);
    expect(pageSize(0)).toBe(0);
    expect(pageSize(100)).toBe(100);
  });
  it.each([-1, 101, 2.5])("rejects %s", (first) => {
    expect(() => pageSize(first)).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_USER_INPUT", field: "first" }) }),
    );
  });
});

describe("toConnection", () => {
  const rows = [1, 2, 3].map((n) => ({ id: `id${n}`, key: n }));
  it("uses the look-ahead row only to set hasNextPage", async () => {
    const connection = toConnection(rows, 2, (r) => r, { hasPreviousPage: false, totalCount: 3 });
    expect(connection.edges.map((e) => e.node.key)).toEqual([1, 2]);
    expect(connection.pageInfo.hasNextPage).toBe(true);
    expect(decodeCursor(connection.pageInfo.endCursor!, position)).toEqual({ id: "id2", key: 2 });
    expect(connection.pageInfo.startCursor).toBe(connection.edges[0]!.cursor);
  });
  it("reports the last page and an empty page", () => {
    expect(toConnection(rows, 3, (r) => r, { hasPreviousPage: true, totalCount: 3 }).pageInfo).toMatchObject({
      hasNextPage: false,
      hasPreviousPage: true,
    });
    expect(toConnection([], 5, (r) => r, { hasPreviousPage: false, totalCount: 0 }).pageInfo).toEqual({
      hasNextPage: false,
      hasPreviousPage: false,
      startCursor: null,
      endCursor: null,
    });
  });
});
