import { randomUUID } from "node:crypto";
import { errorCodes } from "@amazoff/kit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADD,
  type Commenter,
  type CommentResult,
  createTestServer,
  type CommentsTestServer,
  LIST,
  type PageResult,
  post,
} from "./test-server.ts";

let server: CommentsTestServer;
let alice: Commenter;
beforeAll(async () => {
  server = await createTestServer({ products: 3 });
  alice = server.signIn();
});
afterAll(() => server?.stop());

/** A page section of its own, so each test reads only its own comments. */
const freshPage = () => `page:test-${randomUUID().slice(0, 8)}`;
const list = async (sectionId: string, first?: number, after?: string | null): Promise<PageResult> => {
  const response = await server.query<{ comments: PageResult }>(LIST, { sectionId, first, after });
  expect(response.errors).toBeUndefined();
  return response.data!.comments;
};
const bodies = (page: PageResult) => page.edges.map((e) => e.node.body);

describe("a section's thread", () => {
  it("lists comments newest first, publicly, replies included where their time puts them", async () => {
    const section = freshPage();
    const first = await post(alice, section, "first");
    await post(server.signIn(), section, "second");
    await post(alice, section, "a reply", first.id);
    const page = await list(section);
    expect(bodies(page)).toEqual(["a reply", "second", "first"]);
    expect(page.totalCount).toBe(3);
    expect(page.edges[0]!.node.replyTo).toEqual({ id: first.id });
    expect(page.edges[0]!.node.author).toEqual({ id: alice.userId });
  });

  it("keeps pages stable when comments arrive between them: nothing twice, nothing skipped", async () => {
    const section = freshPage();
    for (let i = 1; i <= 7; i++) await post(alice, section, `old ${i}`);
    const one = await list(section, 3);
    expect(bodies(one)).toEqual(["old 7", "old 6", "old 5"]);
    expect(one.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    // Newer comments arrive: they go to the top, and the next page continues where the first ended.
    await post(server.signIn(), section, "new 1");
    await post(server.signIn(), section, "new 2");
    const two = await list(section, 3, one.pageInfo.endCursor);
    expect(bodies(two)).toEqual(["old 4", "old 3", "old 2"]);
    expect(two.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const three = await list(section, 3, two.pageInfo.endCursor);
    expect(bodies(three)).toEqual(["old 1"]);
    expect(three.pageInfo.hasNextPage).toBe(false);
    expect((await list(section, 20)).totalCount).toBe(9);
  });

  it("orders comments posted in the same millisecond by id, and pages through them exactly once", async () => {
    const section = freshPage();
    // Same created_at for all: the tie is broken by id, descending.
    const at = new Date("2026-11-20T10:00:00.000Z");
    const ids = Array.from({ length: 5 }, () => randomUUID()).sort();
    for (const id of ids) {
      await server.db.pool.query("INSERT INTO comments (id, section_id, author_id, body, created_at) VALUES ($1, $2, $3, $4, $5)", [
        id,
        section,
        alice.userId,
        `tie ${id}`,
        at,
      ]);
    }
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await list(section, 2, after);
      seen.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual([...ids].reverse());
  });

  it("refuses a forged cursor and a page size over 100 with BAD_USER_INPUT", async () => {
    const section = freshPage();
    expect(errorCodes(await server.query(LIST, { sectionId: section, after: "not-a-cursor" }))).toEqual(["BAD_USER_INPUT"]);
    const forged = Buffer.from(JSON.stringify({ t: "yesterday", id: 1 })).toString("base64url");
    expect(errorCodes(await server.query(LIST, { sectionId: section, after: forged }))).toEqual(["BAD_USER_INPUT"]);
    expect(errorCodes(await server.query(LIST, { sectionId: section, first: 101 }))).toEqual(["BAD_USER_INPUT"]);
  });

  it("answers an empty thread for a section nobody wrote to, and BAD_USER_INPUT for an invalid section id", async () => {
    expect((await list(`product:${randomUUID()}`)).edges).toEqual([]);
    for (const sectionId of ["order:1", "product:42", "page:Not A Slug", "nothing"]) {
      expect(errorCodes(await server.query(LIST, { sectionId })), sectionId).toEqual(["BAD_USER_INPUT"]);
    }
  });
});

describe("section validation when posting", () => {
  it("accepts a product the catalog has, under any case of its id, as one thread", async () => {
    const productId = server.productIds[0]!;
    const comment = await post(alice, `product:${productId.toUpperCase()}`, "Nice lamp");
    expect(comment.sectionId).toBe(`product:${productId}`);
    expect(bodies(await list(`product:${productId}`))).toContain("Nice lamp");
  });

  it("refuses a product the catalog does not have, and stores nothing", async () => {
    const response = await alice.query(ADD, { sectionId: `product:${randomUUID()}`, body: "Hello?" });
    expect(errorCodes(response)).toEqual(["BAD_USER_INPUT"]);
    expect(response.errors![0]!.extensions).toMatchObject({ field: "sectionId" });
    expect(response.errors![0]!.message).toMatch(/product that does not exist/);
  });

  it("refuses a product deleted from the catalog since", async () => {
    const productId = server.productIds[2]!;
    await post(alice, `product:${productId}`, "before");
    await server.catalog.db.sql.query({ text: "DELETE FROM products WHERE id = $1::uuid", values: [productId] });
    expect(errorCodes(await alice.query(ADD, { sectionId: `product:${productId}`, body: "after" }))).toEqual(["BAD_USER_INPUT"]);
  });

  it("accepts any page with a valid slug, and refuses unknown kinds and malformed ids", async () => {
    await post(alice, "page:shipping-and-returns", "How long do refunds take?");
    for (const sectionId of ["page:Shipping", "page:", "forum:general", `product:${randomUUID()}x`, "page:a--b"]) {
      const response = await alice.query(ADD, { sectionId, body: "hi" });
      expect(errorCodes(response), sectionId).toEqual(["BAD_USER_INPUT"]);
    }
  });

  it("fails cleanly (INTERNAL, retryable message, nothing stored) when the events subgraph cannot be reached", async () => {
    const eventId = randomUUID();
    const response = await alice.query(ADD, { sectionId: `event:${eventId}`, body: "See you there" });
    expect(errorCodes(response)).toEqual(["INTERNAL"]);
    expect(response.errors![0]!.message).toMatch(/events service is unavailable; try again/);
    const { rowCount } = await server.db.pool.query("SELECT 1 FROM comments WHERE section_id = $1", [`event:${eventId}`]);
    expect(rowCount).toBe(0);
  });
});

describe("comment bodies", () => {
  it("are stored as written: markup stays text, lines stay lines, code points are counted", async () => {
    const section = freshPage();
    const html = `<script>alert("x")</script> <b>bold</b> & "quotes"\nsecond line`;
    expect((await post(alice, section, html)).body).toBe(html);
    // 2,000 characters of which each is two UTF-16 units: the limit counts characters.
    const emoji = "😀".repeat(2000);
    expect((await post(alice, section, emoji)).body).toBe(emoji);
    const stored = await server.db.pool.query<{ body: string }>("SELECT body FROM comments WHERE section_id = $1 ORDER BY created_at", [
      section,
    ]);
    expect(stored.rows.map((r) => r.body)).toEqual([html, emoji]);
  });

  it.each([
    ["empty", ""],
    ["blank", "  \n\t "],
    ["longer than 2,000 characters", "a".repeat(2001)],
    ["a control character", "bell\u0007"],
    ["an escape sequence", "\u001b[31mred"],
    ["a bidirectional override", "abc\u202Egpj.exe"],
    ["a bidirectional isolate", "x\u2066y"],
  ])("refuses a body that is %s with BAD_USER_INPUT, storing nothing", async (_what, body) => {
    const section = freshPage();
    const response = await alice.query(ADD, { sectionId: section, body });
    expect(errorCodes(response)).toEqual(["BAD_USER_INPUT"]);
    expect(response.errors![0]!.extensions).toMatchObject({ field: "body" });
    expect((await list(section)).totalCount).toBe(0);
  });
});

describe("replies (one level)", () => {
  it("refuses a reply to a reply, naming the thread's first comment to reply to instead", async () => {
    const section = freshPage();
    const root = await post(alice, section, "root");
    const reply = await post(server.signIn(), section, "reply", root.id);
    const response = await alice.query(ADD, { sectionId: section, body: "reply to reply", replyTo: reply.id });
    expect(errorCodes(response)).toEqual(["BAD_USER_INPUT"]);
    expect(response.errors![0]!.extensions).toMatchObject({ field: "replyTo", threadId: root.id });
  });

  it("refuses a reply to an unknown comment, to one of another section, and to a deleted one", async () => {
    const section = freshPage();
    const elsewhere = await post(alice, freshPage(), "elsewhere");
    const gone = await post(alice, section, "soon gone");
    await alice.query(`mutation($id: ID!) { deleteComment(id: $id) { id } }`, { id: gone.id });
    for (const replyTo of [randomUUID(), elsewhere.id, gone.id, "not-an-id"]) {
      expect(errorCodes(await alice.query(ADD, { sectionId: section, body: "re", replyTo })), replyTo).toEqual(["BAD_USER_INPUT"]);
    }
    expect((await list(section)).totalCount).toBe(1);
  });
});

describe("through federation", () => {
  const ENTITIES = /* GraphQL */ `
    query($representations: [_Any!]!) {
      _entities(representations: $representations) {
        ... on Product { id comments(first: 2) { totalCount edges { node { body } } pageInfo { hasNextPage } } }
        ... on Event { id comments(first: 2) { totalCount edges { node { body } } } }
        ... on Comment { id body replyTo { id body } }
      }
    }`;

  it("contributes Product.comments, Event.comments and resolves Comment references", async () => {
    const p1 = server.productIds[1]!;
    const mine = await post(alice, `product:${p1}`, "on p1");
    const reply = await post(server.signIn(), `product:${p1}`, "re p1", mine.id);
    const eventId = randomUUID();
    const response = await server.query<{ _entities: any[] }>(ENTITIES, {
      representations: [
        { __typename: "Product", id: p1 },
        { __typename: "Event", id: eventId },
        { __typename: "Comment", id: reply.id },
        { __typename: "Comment", id: randomUUID() },
        { __typename: "Product", id: "'; DROP TABLE comments; --" },
      ],
    });
    expect(response.errors).toBeUndefined();
    const [product, event, comment, unknown, malformed] = response.data!._entities;
    expect(product.comments.edges.map((e: { node: CommentResult }) => e.node.body)).toEqual(["re p1", "on p1"]);
    expect(event).toEqual({ id: eventId, comments: { totalCount: 0, edges: [] } });
    expect(comment).toEqual({ id: reply.id, body: "re p1", replyTo: { id: mine.id, body: "on p1" } });
    expect(unknown).toBeNull();
    expect(malformed).toBeNull();
  });

  it("reads the first comments of many products with one statement for the pages and one for the counts", async () => {
    const sections = server.productIds.slice(0, 2);
    for (const [i, id] of sections.entries()) for (let n = 0; n < 3; n++) await post(alice, `product:${id}`, `batch ${i}.${n}`);
    const representations = [
      ...sections.map((id) => ({ __typename: "Product", id })),
      ...Array.from({ length: 8 }, () => ({ __typename: "Product", id: randomUUID() })),
    ];
    server.statements.length = 0;
    const response = await server.query<{ _entities: any[] }>(ENTITIES, { representations });
    expect(response.errors).toBeUndefined();
    expect(response.data!._entities).toHaveLength(10);
    expect(response.data!._entities[0].comments.edges[0].node.body).toBe("batch 0.2");
    expect(server.statements.filter((sql) => /FROM comments/i.test(sql) && /LIMIT/i.test(sql))).toHaveLength(1);
    expect(server.statements.filter((sql) => /count\(\*\)/i.test(sql))).toHaveLength(1);
  });
});
