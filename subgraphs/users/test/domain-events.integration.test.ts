import { randomBytes } from "node:crypto";
import { clusterAt } from "@amazoff/db";
import { connectEventBus, type DomainEvent, type EventBus } from "@amazoff/events";
import { createLogger } from "@amazoff/kit";
import { errorCodes } from "@amazoff/kit/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PasswordHasher } from "../src/auth/password-hasher.ts";
import { bootstrapAdmin } from "../src/staff/bootstrap-admin.ts";
import { UserRepository } from "../src/users/user.repository.ts";
import { createTestServer, freshAddress, TEST_SCRYPT_COST, type SignedIn, type UsersTestServer } from "./test-server.ts";

const SIGNUP = `mutation($e: String!) { signup(email: $e, password: "a fine passphrase", displayName: "New") { user { id } } }`;

/** The outbox rows of one event type about one user. */
const outboxOf = (server: UsersTestServer, type: string, userId: string) =>
  server.db.prisma.outboxEvent.findMany({ where: { type, payload: { path: ["payload", "userId"], equals: userId } } });

describe("UserRegistered through the outbox", () => {
  let server: UsersTestServer;
  let admin: SignedIn;
  beforeAll(async () => {
    server = await createTestServer();
    admin = await server.signIn({ role: "ADMIN" });
  });
  afterAll(() => server?.stop());

  it("is written once, in the transaction of the account, by signup, createEmployee and createPartner", async () => {
    const signup = await server.client({ address: freshAddress() })(SIGNUP, { e: "registered@example.com" });
    const employee = await admin.query(
      `mutation { createEmployee(email: "emp@example.com", displayName: "E", password: "initial password 1") { id } }`,
    );
    const partner = await admin.query(`mutation { createPartner(email: "api@partner.example", displayName: "P") { id } }`);
    const created: [string, string][] = [
      [signup.data!.signup.user.id, "CUSTOMER"],
      [employee.data!.createEmployee.id, "EMPLOYEE"],
      [partner.data!.createPartner.id, "PARTNER"],
    ];
    for (const [userId, role] of created) {
      const rows = await outboxOf(server, "UserRegistered", userId);
      expect(rows, role).toHaveLength(1);
      const row = rows[0]!;
      expect(row.payload).toEqual({
        id: row.id,
        type: "UserRegistered",
        source: "users",
        occurredAt: row.occurredAt.toISOString(),
        payload: { userId, role },
      });
      expect(row.publishedAt).toBeNull();
      expect(row.attempts).toBe(0);
    }
  });

  it("is written by the create-admin tool too", async () => {
    const result = await bootstrapAdmin(new UserRepository(server.db), new PasswordHasher(TEST_SCRYPT_COST), {
      email: "root@example.com",
      password: async () => "a long admin secret",
    });
    expect((await outboxOf(server, "UserRegistered", result.userId)).map((r) => (r.payload as { payload: unknown }).payload)).toEqual([
      { userId: result.userId, role: "ADMIN" },
    ]);
  });

  it("is not written when the account is not created", async () => {
    const before = await server.db.prisma.outboxEvent.count();
    expect(errorCodes(await server.client({ address: freshAddress() })(SIGNUP, { e: "REGISTERED@example.com" }))).toEqual(["CONFLICT"]);
    expect(errorCodes(await admin.query(`mutation { createPartner(email: "emp@example.com", displayName: "Dup") { id } }`))).toEqual([
      "CONFLICT",
    ]);
    expect(await server.db.prisma.outboxEvent.count()).toBe(before);
  });
});

describe("the outbox relay", () => {
  const log = createLogger({ service: "users-test", level: "silent" });
  const cluster = () => clusterAt(inject("pgAdminUrl"));
  // pg-boss needs a database of its own: an `events` database on the test cluster for this file.
  const eventsDatabase = `users_events_${randomBytes(4).toString("hex")}`;
  let server: UsersTestServer;
  let consumer: EventBus;
  beforeAll(async () => {
    await cluster().ensureDatabase(eventsDatabase);
    server = await createTestServer({ env: { EVENTS_DATABASE_URL: cluster().url(eventsDatabase) } });
    consumer = await connectEventBus({ connectionString: cluster().url(eventsDatabase), log, pollingIntervalSeconds: 0.5 });
  });
  afterAll(async () => {
    await consumer?.stop();
    await server?.stop();
    await cluster().dropDatabase(eventsDatabase);
  });

  it("publishes UserDeleted to the event queue after the erasure commits, and marks the row published", async () => {
    const received: DomainEvent[] = [];
    // Subscribed before anything is published: a queue only receives what is published after it exists.
    await consumer.subscribe("users-test", ["UserDeleted", "UserRegistered"], async (event) => {
      received.push(event);
    });
    const user = await server.signIn();
    expect((await user.query(`mutation($p: String!) { deleteMyAccount(password: $p) }`, { p: user.password })).errors).toBeUndefined();
    const deadline = Date.now() + 20_000;
    const deleted = () => received.find((e) => e.type === "UserDeleted" && (e.payload as { userId: string }).userId === user.id);
    while (!deleted()) {
      if (Date.now() > deadline) throw new Error("UserDeleted was not delivered");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const event = deleted()!;
    expect(event).toEqual({
      id: expect.any(String),
      type: "UserDeleted",
      source: "users",
      occurredAt: expect.any(String),
      payload: { userId: user.id },
    });
    const row = await server.db.prisma.outboxEvent.findUniqueOrThrow({ where: { id: event.id } });
    expect(row.publishedAt).toBeInstanceOf(Date);
    expect(received.filter((e) => e.id === event.id)).toHaveLength(1);
  });
});
