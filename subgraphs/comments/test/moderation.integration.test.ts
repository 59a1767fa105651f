import { randomUUID } from "node:crypto";
import { errorCodes } from "@amazoff/kit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADD,
  type Commenter,
  type CommentResult,
  createTestServer,
  type CommentsTestServer,
  DELETE,
  EDIT,
  LIST,
  type PageResult,
  post,
} from "./test-server.ts";

let server: CommentsTestServer;
let author: Commenter;
let other: Commenter;
let staff: Commenter;
beforeAll(async () => {
  server = await createTestServer({ products: 1 });
  author = server.signIn();
  other = server.signIn();
  staff = server.signIn({ role: "EMPLOYEE" });
});
afterAll(() => server?.stop());

const freshPage = () => `page:moderation-${randomUUID().slice(0, 8)}`;
const stored = async (id: string) =>
  (await server.db.pool.query("SELECT body, author_id, api_key_id, deleted_by, deletion_reason FROM comments WHERE id = $1", [id])).rows[0];

describe("authors edit their own comments", () => {
  it("replaces the body and sets editedAt", async () => {
    const comment = await post(author, freshPage(), "frist");
    expect(comment.editedAt).toBeNull();
    const response = await author.query<{ editComment: CommentResult }>(EDIT, { id: comment.id, body: "first (typo fixed)" });
    expect(response.errors).toBeUndefined();
    expect(response.data!.editComment).toMatchObject({ id: comment.id, body: "first (typo fixed)", createdAt: comment.createdAt });
    expect(response.data!.editComment.editedAt).not.toBeNull();
  });

  it("refuses someone else's comment (FORBIDDEN, staff included), an unknown one (NOT_FOUND) and a deleted one (CONFLICT)", async () => {
    const comment = await post(author, freshPage(), "mine");
    expect(errorCodes(await other.query(EDIT, { id: comment.id, body: "hijacked" }))).toEqual(["FORBIDDEN"]);
    expect(errorCodes(await staff.query(EDIT, { id: comment.id, body: "staff rewrite" }))).toEqual(["FORBIDDEN"]);
    expect(errorCodes(await author.query(EDIT, { id: randomUUID(), body: "x" }))).toEqual(["NOT_FOUND"]);
    await author.query(DELETE, { id: comment.id });
    expect(errorCodes(await author.query(EDIT, { id: comment.id, body: "back" }))).toEqual(["CONFLICT"]);
    expect((await stored(comment.id)).body).toBeNull();
  });

  it("checks the new body like a new one", async () => {
    const comment = await post(author, freshPage(), "fine");
    expect(errorCodes(await author.query(EDIT, { id: comment.id, body: "x".repeat(2001) }))).toEqual(["BAD_USER_INPUT"]);
    expect(errorCodes(await author.query(EDIT, { id: comment.id, body: "rtl\u202Eoverride" }))).toEqual(["BAD_USER_INPUT"]);
    expect((await stored(comment.id)).body).toBe("fine");
  });
});

describe("deleting", () => {
  it("lets the author delete: the comment keeps its place, with an empty body and deleted: true", async () => {
    const section = freshPage();
    await post(other, section, "before");
    const comment = await post(author, section, "regrettable");
    await post(other, section, "after");
    const response = await author.query<{ deleteComment: CommentResult }>(DELETE, { id: comment.id });
    expect(response.errors).toBeUndefined();
    expect(response.data!.deleteComment).toMatchObject({ body: "", deleted: true, deletedBy: "AUTHOR", author: { id: author.userId } });
    const page = (await server.query<{ comments: PageResult }>(LIST, { sectionId: section })).data!.comments;
    expect(page.edges.map((e) => [e.node.body, e.node.deleted])).toEqual([
      ["after", false],
      ["", true],
      ["before", false],
    ]);
    expect(page.totalCount).toBe(3);
    expect(await stored(comment.id)).toMatchObject({ body: null, deleted_by: "AUTHOR" });
  });

  it("refuses a customer deleting someone else's comment with FORBIDDEN, and changes nothing", async () => {
    const comment = await post(author, freshPage(), "keep me");
    expect(errorCodes(await other.query(DELETE, { id: comment.id }))).toEqual(["FORBIDDEN"]);
    expect(errorCodes(await other.query(DELETE, { id: comment.id, reason: "I disagree" }))).toEqual(["FORBIDDEN"]);
    expect((await stored(comment.id)).body).toBe("keep me");
    expect(errorCodes(await other.query(DELETE, { id: randomUUID() }))).toEqual(["NOT_FOUND"]);
  });

  it("lets staff delete anyone's comment with a reason, which only staff can read", async () => {
    const comment = await post(author, freshPage(), "Buy cheap watches at example.com");
    expect(errorCodes(await staff.query(DELETE, { id: comment.id }))).toEqual(["BAD_USER_INPUT"]);
    expect(errorCodes(await staff.query(DELETE, { id: comment.id, reason: "   " }))).toEqual(["BAD_USER_INPUT"]);
    const response = await staff.query<{ deleteComment: CommentResult }>(DELETE, { id: comment.id, reason: "Spam" });
    expect(response.errors).toBeUndefined();
    expect(response.data!.deleteComment).toMatchObject({ body: "", deleted: true, deletedBy: "STAFF" });
    expect(await stored(comment.id)).toMatchObject({ body: null, deleted_by: "STAFF", deletion_reason: "Spam" });

    const READ = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Comment { deletionReason } } }`;
    const representations = [{ __typename: "Comment", id: comment.id }];
    const asStaff = await staff.query(READ, { representations });
    expect(asStaff.data!._entities).toEqual([{ deletionReason: "Spam" }]);
    for (const who of [author.query, other.query]) {
      const denied = await who(READ, { representations });
      expect(errorCodes(denied)).toEqual(["FORBIDDEN"]);
      expect(denied.data!._entities).toEqual([{ deletionReason: null }]);
    }
    expect(errorCodes(await server.query(READ, { representations }))).toEqual(["UNAUTHENTICATED"]);
  });

  it("answers a deleted comment unchanged when it is deleted again", async () => {
    const comment = await post(author, freshPage(), "twice");
    const first = (await author.query<{ deleteComment: CommentResult }>(DELETE, { id: comment.id })).data!.deleteComment;
    const again = await author.query<{ deleteComment: CommentResult }>(DELETE, { id: comment.id });
    expect(again.errors).toBeUndefined();
    expect(again.data!.deleteComment).toEqual(first);
    const byStaff = await staff.query<{ deleteComment: CommentResult }>(DELETE, { id: comment.id, reason: "Spam" });
    expect(byStaff.data!.deleteComment).toEqual(first);
    expect(await stored(comment.id)).toMatchObject({ deleted_by: "AUTHOR", deletion_reason: null });
  });
});

describe("who may write", () => {
  it("refuses anonymous callers with UNAUTHENTICATED, writing nothing", async () => {
    const section = freshPage();
    expect(errorCodes(await server.query(ADD, { sectionId: section, body: "anon" }))).toEqual(["UNAUTHENTICATED"]);
    const comment = await post(author, section, "mine");
    expect(errorCodes(await server.query(EDIT, { id: comment.id, body: "x" }))).toEqual(["UNAUTHENTICATED"]);
    expect(errorCodes(await server.query(DELETE, { id: comment.id }))).toEqual(["UNAUTHENTICATED"]);
  });

  it("refuses tokens without comments:write (a partner session, a narrowed token) with FORBIDDEN", async () => {
    const section = freshPage();
    for (const who of [server.signIn({ role: "PARTNER" }), server.signIn({ scopes: ["catalog:read"] })]) {
      expect(errorCodes(await who.query(ADD, { sectionId: section, body: "hi" }))).toEqual(["FORBIDDEN"]);
    }
    const key = server.apiKey({ scopes: ["catalog:read"] });
    expect(errorCodes(await key.query(ADD, { sectionId: section, body: "hi" }))).toEqual(["FORBIDDEN"]);
    expect((await server.db.pool.query("SELECT 1 FROM comments WHERE section_id = $1", [section])).rowCount).toBe(0);
  });

  it("lets a partner's API key with comments:write post as the partner, edit and delete its own comments", async () => {
    const partner = server.apiKey({ scopes: ["comments:write"] });
    const comment = await post(partner, `product:${server.productIds[0]}`, "Now shipping to Norway via Parcel Partners.");
    expect(comment.author).toEqual({ id: partner.userId });
    expect(await stored(comment.id)).toMatchObject({ author_id: partner.userId, api_key_id: partner.apiKeyId });
    // Another key of the same partner acts as the same author.
    const sibling = server.apiKey({ partnerId: partner.userId, scopes: ["comments:write"] });
    expect((await sibling.query(EDIT, { id: comment.id, body: "Now shipping to Norway and Sweden." })).errors).toBeUndefined();
    expect((await sibling.query<{ deleteComment: CommentResult }>(DELETE, { id: comment.id })).data!.deleteComment.deleted).toBe(true);
  });

  it("publishes the authorization directives for the router", async () => {
    const sdl = (await server.query(`{ _service { sdl } }`)).data!._service.sdl as string;
    expect(sdl).toMatch(/addComment\([\s\S]*?\): Comment! @requiresScopes\(scopes: \[\["comments:write"\]\]\)/s);
    expect(sdl).toMatch(/editComment\([\s\S]*?\): Comment!\s+@requiresScopes\(scopes: \[\["comments:write"\]\]\)/s);
    expect(sdl).toMatch(
      /deleteComment\([\s\S]*?\): Comment! @requiresScopes\(scopes: \[\["comments:write"\], \["comments:moderate"\]\]\)/s,
    );
    expect(sdl).toMatch(/deletionReason: String @requiresScopes\(scopes: \[\["comments:moderate"\]\]\)/);
  });

  it("answers /health and /ready", async () => {
    const origin = new URL(server.url).origin;
    expect((await fetch(`${origin}/health`)).status).toBe(200);
    expect(await (await fetch(`${origin}/ready`)).json()).toMatchObject({ status: "ready", service: "comments" });
  });
});
