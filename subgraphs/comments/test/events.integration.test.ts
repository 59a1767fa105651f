import { randomBytes, randomUUID } from "node:crypto";
import { clusterAt } from "@amazoff/db";
import { connectEventBus, createEvent, type DomainEvent, type EventBus, type EventPayload } from "@amazoff/events";
import { createLogger } from "@amazoff/kit";
import { errorCodes, eventually } from "@amazoff/kit/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { CONSUMER, userDeletedHandler } from "../src/events/user-deleted.consumer.ts";
import { createTestServer, type CommentsTestServer, DELETE, LIST, type PageResult, post } from "./test-server.ts";

const log = createLogger({ service: "comments-test", level: "silent" });
const cluster = () => clusterAt(inject("pgAdminUrl"));
// pg-boss needs a database of its own: one on the test cluster for this file.
const eventsDatabase = `comments_events_${randomBytes(4).toString("hex")}`;

let server: CommentsTestServer;
let bus: EventBus;
/** What a stand-in consumer of CommentReplied (the notifications subgraph, later) received. */
const replies: DomainEvent[] = [];
beforeAll(async () => {
  await cluster().ensureDatabase(eventsDatabase);
  bus = await connectEventBus({ connectionString: cluster().url(eventsDatabase), log });
  await bus.subscribe("comments-test", ["CommentReplied"], async (event) => void replies.push(event));
  server = await createTestServer({ products: 1, bus, env: { EVENTS_DATABASE_URL: cluster().url(eventsDatabase) } });
});
afterAll(async () => {
  await server?.stop();
  await bus?.stop();
  await cluster().dropDatabase(eventsDatabase);
});

const freshPage = () => `page:events-${randomUUID().slice(0, 8)}`;
const outbox = async (commentId: string) =>
  (
    await server.db.pool.query<{ payload: DomainEvent<"CommentReplied"> }>(
      "SELECT payload FROM outbox_events WHERE type = 'CommentReplied' AND payload->'payload'->>'commentId' = $1",
      [commentId],
    )
  ).rows.map((r) => r.payload);

describe("CommentReplied", () => {
  it("is written with the reply, relayed to the queue, and names ids only", async () => {
    const alice = server.signIn();
    const bob = server.signIn();
    const section = freshPage();
    const root = await post(alice, section, "Anyone tried it in the rain?");
    const reply = await post(bob, section, "Yes, it held up fine.", root.id);
    const [event] = await outbox(reply.id);
    expect(event!.payload).toEqual({
      commentId: reply.id,
      replyToId: root.id,
      sectionId: section,
      recipientId: alice.userId,
      authorId: bob.userId,
    });
    const received = await eventually(async () => {
      const found = replies.find((e) => (e.payload as EventPayload<"CommentReplied">).commentId === reply.id);
      if (!found) throw new Error("not relayed yet");
      return found;
    });
    expect(received.id).toBe(event!.id);
    expect(JSON.stringify(received)).not.toContain("held up fine");
  });

  it("is not published for a reply to one's own comment, nor for a new thread", async () => {
    const alice = server.signIn();
    const section = freshPage();
    const root = await post(alice, section, "Question");
    const self = await post(alice, section, "Answering myself", root.id);
    expect(await outbox(root.id)).toEqual([]);
    expect(await outbox(self.id)).toEqual([]);
  });
});

describe("UserDeleted (GDPR erasure)", () => {
  it("anonymises the user's comments: author and API key gone, text kept, everyone else's untouched", async () => {
    const erased = server.signIn();
    const kept = server.signIn();
    const section = freshPage();
    const theirs = await post(erased, section, "I was here");
    const reply = await post(kept, section, "So was I", theirs.id);
    await userDeletedHandler(server.db.pool, log)(createEvent("users", "UserDeleted", { userId: erased.userId }));
    const page = (await server.query<{ comments: PageResult }>(LIST, { sectionId: section })).data!.comments;
    expect(page.edges.map((e) => [e.node.body, e.node.author])).toEqual([
      ["So was I", { id: kept.userId }],
      ["I was here", null],
    ]);
    expect(page.edges[0]!.node.replyTo).toEqual({ id: theirs.id });
    const rows = await server.db.pool.query("SELECT 1 FROM comments WHERE author_id = $1 OR (id = $2 AND api_key_id IS NOT NULL)", [
      erased.userId,
      theirs.id,
    ]);
    expect(rows.rowCount).toBe(0);
    expect((await server.db.pool.query("SELECT 1 FROM comment_rate_limits WHERE subject = $1", [`user:${erased.userId}`])).rowCount).toBe(
      0,
    );
    expect(reply.author).toEqual({ id: kept.userId });
  });

  it("erases a partner's link to its API key too, and leaves an anonymised comment to staff only", async () => {
    const partner = server.apiKey({ scopes: ["comments:write"] });
    const comment = await post(partner, freshPage(), "Integration post");
    await userDeletedHandler(server.db.pool, log)(createEvent("users", "UserDeleted", { userId: partner.userId }));
    const row = (await server.db.pool.query("SELECT author_id, api_key_id, body FROM comments WHERE id = $1", [comment.id])).rows[0];
    expect(row).toEqual({ author_id: null, api_key_id: null, body: "Integration post" });
    // Nobody is its author any more: only staff can remove it.
    expect(errorCodes(await partner.query(DELETE, { id: comment.id }))).toEqual(["FORBIDDEN"]);
    const staff = server.signIn({ role: "ADMIN" });
    expect((await staff.query(DELETE, { id: comment.id, reason: "Erased account's integration" })).errors).toBeUndefined();
  });

  it("processes each event once: a redelivery does not touch what came after", async () => {
    const user = server.signIn();
    const section = freshPage();
    await post(user, section, "before");
    const event = createEvent("users", "UserDeleted", { userId: user.userId });
    const handle = userDeletedHandler(server.db.pool, log);
    await handle(event);
    // Say the account id were reused afterwards (it is not; this makes a redelivery visible).
    await post(user, section, "after");
    await handle(event);
    const { rows } = await server.db.pool.query<{ body: string; author_id: string | null }>(
      "SELECT body, author_id FROM comments WHERE section_id = $1 ORDER BY created_at",
      [section],
    );
    expect(rows).toEqual([
      { body: "before", author_id: null },
      { body: "after", author_id: user.userId },
    ]);
    expect(await server.db.prisma.processedEvent.count({ where: { consumer: CONSUMER, eventId: event.id } })).toBe(1);
  });

  it("arrives through the event queue (pg-boss)", async () => {
    const user = server.signIn();
    const comment = await post(user, freshPage(), "queued erasure");
    await bus.publish(createEvent("users", "UserDeleted", { userId: user.userId }));
    await eventually(
      async () => {
        const { rows } = await server.db.pool.query("SELECT author_id FROM comments WHERE id = $1", [comment.id]);
        if (rows[0]!.author_id !== null) throw new Error("not anonymised yet");
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    );
  });
});

describe("the GDPR export", () => {
  const EXPORT = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on PersonalDataExport { userId comments } } }`;

  it("holds every comment the person wrote, deleted ones without text, for that person only", async () => {
    const user = server.signIn();
    const section = freshPage();
    const kept = await post(user, section, "still here");
    const gone = await post(user, section, "deleted later");
    await user.query(DELETE, { id: gone.id });
    await post(server.signIn(), section, "someone else's");
    const representations = [{ __typename: "PersonalDataExport", userId: user.userId }];
    const response = await user.query(EXPORT, { representations });
    expect(response.errors).toBeUndefined();
    const comments = response.data!._entities[0].comments as {
      id: string;
      body: string | null;
      sectionId: string;
      deletedBy: string | null;
    }[];
    expect(comments.map((c) => [c.id, c.body, c.deletedBy])).toEqual([
      [gone.id, null, "AUTHOR"],
      [kept.id, "still here", null],
    ]);
    expect(comments[0]!.sectionId).toBe(section);
    expect(errorCodes(await server.signIn({ role: "ADMIN" }).query(EXPORT, { representations }))).toEqual(["FORBIDDEN"]);
    expect(errorCodes(await server.query(EXPORT, { representations }))).toEqual(["UNAUTHENTICATED"]);
  });
});
