import { randomUUID } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "@amazoff/db/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { CommentRepository } from "../src/comments/comment.repository.ts";
import type { CommentPosition } from "../src/comments/comment.model.ts";
import { createCommentsDb, type CommentsDb } from "../src/db.ts";

/*
 * The index behind `comments(sectionId, first, after)`: on 100,000 comments the newest-first page
 * query is one range scan of comments_section_newest_idx (no sort, no sequential scan), for the
 * first page and for a page deep in a thread, alone and batched for many sections. The plan is
 * asserted; the execution times PostgreSQL reports are printed (a figure, not an assertion: the
 * machine is shared).
 */
const INDEX = "comments_section_newest_idx";
const HOT = `product:${randomUUID()}`;
const HOT_COUNT = 60_000;
const OTHER_SECTIONS = 400;

let database: TestDatabase;
let db: CommentsDb;
beforeAll(async () => {
  database = await createTestDatabase(inject("pgAdminUrl"), "comments");
  db = createCommentsDb(database.url, { poolSize: 2 });
  // 60,000 comments in one thread (three per second, so created_at ties are common) and 40,000
  // over 400 other threads: 100,000 in all.
  await db.pool.query(
    `INSERT INTO comments (id, section_id, author_id, body, created_at)
     SELECT gen_random_uuid(), $1, gen_random_uuid(), 'comment ' || i, timestamptz '2026-11-01' + (i / 3) * interval '1 second'
     FROM generate_series(1, $2::int) AS i`,
    [HOT, HOT_COUNT],
  );
  await db.pool.query(
    `INSERT INTO comments (id, section_id, author_id, body, created_at)
     SELECT gen_random_uuid(), 'page:section-' || (i % $1::int), gen_random_uuid(), 'comment ' || i, timestamptz '2026-10-01' + i * interval '1 minute'
     FROM generate_series(1, $2::int) AS i`,
    [OTHER_SECTIONS, 100_000 - HOT_COUNT],
  );
  // As autovacuum leaves a table at rest: statistics, and a visibility map for index-only counts.
  await db.pool.query("VACUUM ANALYZE comments");
}, 120_000);
afterAll(async () => {
  await db?.close();
  await database?.drop();
});

interface PlanNode {
  "Node Type": string;
  "Index Name"?: string;
  "Index Cond"?: string;
  Filter?: string;
  Plans?: PlanNode[];
}
const nodes = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(nodes)];

async function explain(statement: { text: string; values: unknown[] }, analyze = false) {
  const { rows } = await db.pool.query<{ "QUERY PLAN": [{ Plan: PlanNode; "Execution Time"?: number }] }>({
    text: `EXPLAIN (${analyze ? "ANALYZE, " : ""}FORMAT JSON) ${statement.text}`,
    values: statement.values,
  });
  const [result] = rows[0]!["QUERY PLAN"];
  return { plan: result.Plan, all: nodes(result.Plan), ms: result["Execution Time"] ?? Number.NaN };
}

function expectIndexRangeScan(all: PlanNode[]): PlanNode {
  const scan = all.find((n) => n["Index Name"] === INDEX);
  expect(scan, JSON.stringify(all.map((n) => n["Node Type"]))).toBeDefined();
  expect(scan!["Node Type"]).toMatch(/^Index (Only )?Scan$/);
  expect(all.map((n) => n["Node Type"])).not.toContain("Seq Scan");
  return scan!;
}

/** The position of the `n`-th newest comment of the hot thread. */
async function positionAt(n: number): Promise<CommentPosition> {
  const { rows } = await db.pool.query<{ created_at: Date; id: string }>(
    "SELECT created_at, id FROM comments WHERE section_id = $1 ORDER BY created_at DESC, id DESC OFFSET $2 LIMIT 1",
    [HOT, n],
  );
  return { createdAt: rows[0]!.created_at, id: rows[0]!.id };
}

describe("the newest-first page query on 100,000 comments", () => {
  it("reads the first page with one range scan of the index, without sorting", async () => {
    const { all } = await explain(CommentRepository.pagesQuery([HOT], 21, null));
    const scan = expectIndexRangeScan(all);
    expect(scan["Index Cond"]).toMatch(/section_id/);
    expect(all.map((n) => n["Node Type"])).not.toContain("Sort");
    expect(all[0]!["Node Type"]).toBe("Limit");
  });

  it("starts a page deep in the thread at the cursor inside the index (a seek, not a filter over the rows before it)", async () => {
    const { all } = await explain(CommentRepository.pagesQuery([HOT], 21, await positionAt(50_000)));
    const scan = expectIndexRangeScan(all);
    expect(scan["Index Cond"]).toMatch(/created_at/);
    expect(scan.Filter).toBeUndefined();
    expect(all.map((n) => n["Node Type"])).not.toContain("Sort");
  });

  it("serves many sections' first pages in one statement, with one range scan of the index per section", async () => {
    const sections = [HOT, ...Array.from({ length: 20 }, (_, i) => `page:section-${i}`)];
    const { all } = await explain(CommentRepository.pagesQuery(sections, 11, null));
    const scan = expectIndexRangeScan(all);
    expect(scan["Index Cond"]).toMatch(/section_id/);
    // The only sort is of the at most 21 x 11 rows found, back into the order of the sections asked for.
    const rows = await new CommentRepository(db).pages(sections, 11, null);
    expect(rows).toHaveLength(21 * 11);
    expect(rows.slice(0, 11).every((r) => r.sectionId === HOT)).toBe(true);
  });

  it("prints the time PostgreSQL takes to execute the first page, a deep page and the thread's count", async () => {
    const runs = 5;
    const first: number[] = [];
    const deep: number[] = [];
    const deepPosition = await positionAt(50_000);
    for (let i = 0; i < runs; i++) {
      first.push((await explain(CommentRepository.pagesQuery([HOT], 21, null), true)).ms);
      deep.push((await explain(CommentRepository.pagesQuery([HOT], 21, deepPosition), true)).ms);
    }
    const count = await explain({ text: "SELECT count(*) FROM comments WHERE section_id = $1", values: [HOT] }, true);
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    console.log(
      `comments page query on 100,000 comments (${HOT_COUNT} in the thread), EXPLAIN ANALYZE execution time, median of ${runs}: ` +
        `first page of 20 ${median(first).toFixed(3)} ms, page after 50,000 ${median(deep).toFixed(3)} ms ` +
        `(goal: under 10 ms); totalCount of the thread ${count.ms.toFixed(3)} ms`,
    );
    expect(first.every(Number.isFinite)).toBe(true);
  });
});
