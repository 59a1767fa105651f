import { createTestDatabase, type TestDatabase } from "@amazoff/db/testing";
import { DEMO_COMMENT_PAGES, demoComments } from "@amazoff/demo-data";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createCommentsDb, type CommentsDb } from "../src/db.ts";
import { seedComments } from "../src/seed/seed.ts";

let database: TestDatabase;
let db: CommentsDb;
beforeAll(async () => {
  database = await createTestDatabase(inject("pgAdminUrl"), "comments");
  db = createCommentsDb(database.url, { poolSize: 2 });
});
afterAll(async () => {
  await db?.close();
  await database?.drop();
});

describe("the demo threads", () => {
  it("load once: a second start adds nothing and keeps what changed since", async () => {
    const expected = demoComments().length;
    expect(await seedComments(db)).toEqual({ comments: expected, added: expected });
    const [first] = demoComments();
    await db.pool.query("UPDATE comments SET body = 'edited since' WHERE id = $1", [first!.id]);
    expect(await seedComments(db)).toEqual({ comments: expected, added: 0 });
    expect((await db.pool.query("SELECT body FROM comments WHERE id = $1", [first!.id])).rows[0].body).toBe("edited since");
  });

  it("keep the database's rules (sections, bodies, deletions) and cover the demo pages", async () => {
    const { rows } = await db.pool.query<{ section_id: string }>("SELECT DISTINCT section_id FROM comments WHERE section_id LIKE 'page:%'");
    expect(rows.map((r) => r.section_id).sort()).toEqual(DEMO_COMMENT_PAGES.map((slug) => `page:${slug}`).sort());
    const deleted = await db.pool.query(
      "SELECT 1 FROM comments WHERE deleted_by = 'STAFF' AND body IS NULL AND deletion_reason IS NOT NULL",
    );
    expect(deleted.rowCount).toBe(1);
  });
});
