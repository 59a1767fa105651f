import { randomUUID } from "node:crypto";
import { errorCodes, type GraphQLResponse } from "@amazoff/kit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADD, type Commenter, type CommentResult, createTestServer, type CommentsTestServer, EDIT, post } from "./test-server.ts";

// Users: 3 at once, then one a minute. API keys: 2 at once, then one a minute.
let server: CommentsTestServer;
beforeAll(async () => {
  server = await createTestServer({
    products: 1,
    env: { COMMENTS_USER_BURST: 3, COMMENTS_USER_PER_MINUTE: 1, COMMENTS_API_KEY_BURST: 2, COMMENTS_API_KEY_PER_MINUTE: 1 },
  });
});
afterAll(() => server?.stop());

const freshPage = () => `page:rate-${randomUUID().slice(0, 8)}`;
const attempt = (who: Commenter, sectionId: string) => who.query<{ addComment: CommentResult }>(ADD, { sectionId, body: "hello" });

function expectLimited(response: GraphQLResponse): void {
  expect(errorCodes(response)).toEqual(["RATE_LIMITED"]);
  const retryAfter = response.errors![0]!.extensions!.retryAfterSeconds as number;
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
}

describe("rate limits per user", () => {
  it("allows the burst, then refuses with RATE_LIMITED and retryAfterSeconds; edits count too", async () => {
    const user = server.signIn();
    const section = freshPage();
    const first = await post(user, section, "one");
    await post(user, section, "two");
    await post(user, section, "three");
    expectLimited(await attempt(user, section));
    expectLimited(await user.query(EDIT, { id: first.id, body: "one, edited" }));
    expect((await server.db.pool.query("SELECT 1 FROM comments WHERE section_id = $1", [section])).rowCount).toBe(3);
    // Someone else is not slowed down.
    expect((await attempt(server.signIn(), section)).errors).toBeUndefined();
  });

  it("refills: a minute later one more write is allowed, then the bucket is empty again", async () => {
    const user = server.signIn();
    const section = freshPage();
    for (let i = 0; i < 3; i++) await post(user, section, `burst ${i}`);
    expectLimited(await attempt(user, section));
    // A minute passes (the bucket's clock moved back rather than the test waiting).
    await server.db.pool.query("UPDATE comment_rate_limits SET tat = tat - interval '60 seconds' WHERE subject = $1", [
      `user:${user.userId}`,
    ]);
    expect((await attempt(user, section)).errors).toBeUndefined();
    expectLimited(await attempt(user, section));
  });

  it("does not count requests refused for their input", async () => {
    const user = server.signIn();
    const section = freshPage();
    for (let i = 0; i < 5; i++) expect(errorCodes(await user.query(ADD, { sectionId: section, body: "" }))).toEqual(["BAD_USER_INPUT"]);
    for (let i = 0; i < 3; i++) await post(user, section, `valid ${i}`);
  });

  it("holds under concurrency: of 8 simultaneous posts, exactly the burst of 3 is stored", async () => {
    const user = server.signIn();
    const section = freshPage();
    const responses = await Promise.all(Array.from({ length: 8 }, () => attempt(user, section)));
    expect(responses.filter((r) => !r.errors).length).toBe(3);
    expect(responses.filter((r) => errorCodes(r)[0] === "RATE_LIMITED").length).toBe(5);
    expect((await server.db.pool.query("SELECT 1 FROM comments WHERE section_id = $1", [section])).rowCount).toBe(3);
  });
});

describe("rate limits per API key", () => {
  it("counts each key on its own, apart from any user", async () => {
    const partnerId = randomUUID();
    const keyA = server.apiKey({ partnerId, scopes: ["comments:write"] });
    const keyB = server.apiKey({ partnerId, scopes: ["comments:write"] });
    const section = freshPage();
    await post(keyA, section, "a1");
    await post(keyA, section, "a2");
    expectLimited(await attempt(keyA, section));
    // The partner's other key has a bucket of its own.
    await post(keyB, section, "b1");
    await post(keyB, section, "b2");
    expectLimited(await attempt(keyB, section));
    const subjects = await server.db.pool.query<{ subject: string }>("SELECT subject FROM comment_rate_limits WHERE subject = ANY($1)", [
      [`api-key:${keyA.apiKeyId}`, `api-key:${keyB.apiKeyId}`, `user:${partnerId}`],
    ]);
    expect(subjects.rows.map((r) => r.subject).sort()).toEqual([`api-key:${keyA.apiKeyId}`, `api-key:${keyB.apiKeyId}`].sort());
  });
});
