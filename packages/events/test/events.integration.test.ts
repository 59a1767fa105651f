import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startEmbeddedCluster, type Cluster } from "@amazoff/db";
import { createLogger } from "@amazoff/kit";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectEventBus,
  createEvent,
  processOnce,
  retryOnDeadlock,
  startOutboxRelay,
  writeToOutbox,
  type DomainEvent,
  type EventBus,
} from "../src/index.ts";

const log = createLogger({ service: "events-test", level: "silent" });
// The tables a subgraph's Prisma migration creates (see outbox.ts and consumer.ts).
const DDL = `
  CREATE TABLE outbox_events (id uuid PRIMARY KEY, type text NOT NULL, payload jsonb NOT NULL,
    occurred_at timestamptz(3) NOT NULL, published_at timestamptz(3), attempts int NOT NULL DEFAULT 0);
  CREATE TABLE processed_events (consumer text NOT NULL, event_id uuid NOT NULL,
    processed_at timestamptz(3) NOT NULL DEFAULT now(), PRIMARY KEY (consumer, event_id));
  CREATE TABLE effects (event_id uuid NOT NULL, note text NOT NULL);
`;

let cluster: Cluster;
let dataDir: string;
let service: pg.Pool;
let bus: EventBus;

/** A Prisma-like executor over pg, for writeToOutbox. */
const executor = (client: pg.ClientBase) => ({
  $executeRawUnsafe: async (query: string, ...values: unknown[]) => (await client.query(query, values)).rowCount ?? 0,
});

async function until<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "amazoff-events-test-"));
  await chmod(dataDir, 0o755);
  cluster = await startEmbeddedCluster({ dataDir, port: 40_000 + Math.floor(Math.random() * 10_000), ephemeral: true });
  await cluster.ensureDatabase("events");
  await cluster.ensureDatabase("svc");
  service = new pg.Pool({ connectionString: cluster.url("svc"), max: 5 });
  service.on("error", () => {});
  await service.query(DDL);
  bus = await connectEventBus({ connectionString: cluster.url("events"), log, pollingIntervalSeconds: 0.5 });
});

afterAll(async () => {
  await bus?.stop();
  await service?.end();
  await cluster?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe("outbox -> pg-boss -> consumers", () => {
  it("delivers a committed event to every subscribed consumer, and never a rolled-back one", async () => {
    const received: Record<string, DomainEvent[]> = { alpha: [], beta: [] };
    for (const consumer of ["alpha", "beta"]) {
      await bus.subscribe(consumer, ["UserDeleted"], async (event) => {
        received[consumer]!.push(event);
      });
    }
    const relay = startOutboxRelay({ pool: service, bus, log, intervalMs: 100 });
    const committed = createEvent("users", "UserDeleted", { userId: "11111111-1111-4111-8111-111111111111" });
    const rolledBack = createEvent("users", "UserDeleted", { userId: "22222222-2222-4222-8222-222222222222" });

    const client = await service.connect();
    await client.query("BEGIN");
    await writeToOutbox(executor(client), rolledBack);
    await client.query("ROLLBACK");
    await client.query("BEGIN");
    await writeToOutbox(executor(client), committed);
    await client.query("COMMIT");
    client.release();
    relay.kick();

    await until(async () => (received.alpha!.length && received.beta!.length ? true : undefined));
    await new Promise((r) => setTimeout(r, 1500)); // anything else would have arrived by now
    for (const consumer of ["alpha", "beta"]) {
      expect(received[consumer]!.map((e) => e.id)).toEqual([committed.id]);
      expect(received[consumer]![0]!.payload).toEqual({ userId: "11111111-1111-4111-8111-111111111111" });
    }
    const { rows } = await service.query("SELECT published_at FROM outbox_events WHERE id = $1", [committed.id]);
    expect(rows[0].published_at).toBeInstanceOf(Date);
    await relay.stop();
  });

  it("processes an event once per consumer even when it is delivered twice", async () => {
    const event = createEvent("users", "UserDeleted", { userId: "33333333-3333-4333-8333-333333333333" });
    const work = (client: pg.PoolClient) =>
      client.query("INSERT INTO effects (event_id, note) VALUES ($1, 'done')", [event.id]).then(() => {});
    expect(await processOnce(service, "gamma", event, work)).toBe(true);
    expect(await processOnce(service, "gamma", event, work)).toBe(false);
    expect(await processOnce(service, "delta", event, work)).toBe(true);
    const { rows } = await service.query("SELECT count(*)::int AS n FROM effects WHERE event_id = $1", [event.id]);
    expect(rows[0].n).toBe(2);
  });

  it("leaves no marker when the work fails, so the retry runs it", async () => {
    const event = createEvent("users", "UserDeleted", { userId: "44444444-4444-4444-8444-444444444444" });
    await expect(processOnce(service, "epsilon", event, async () => Promise.reject(new Error("transient")))).rejects.toThrow("transient");
    expect(await processOnce(service, "epsilon", event, async () => {})).toBe(true);
  });

  it("retries a handler that fails, until it succeeds (at least once)", async () => {
    let attempts = 0;
    const done = new Promise<void>((resolve) => {
      void bus.subscribe("flaky", ["StockLow"], async () => {
        attempts += 1;
        if (attempts < 2) throw new Error("first attempt fails");
        resolve();
      });
    });
    await new Promise((r) => setTimeout(r, 300));
    await bus.publish(
      createEvent("inventory", "StockLow", {
        productId: "55555555-5555-4555-8555-555555555555",
        storeId: "66666666-6666-4666-8666-666666666666",
        available: 2,
      }),
    );
    await done;
    expect(attempts).toBe(2);
  });

  it("lets every service create its queues at the same moment on a fresh events database", async () => {
    // `npm start` from a clean clone: seven processes create their queues together, and
    // PostgreSQL used to pick some of them as deadlock victims (the service then failed to start).
    await cluster.ensureDatabase("events_fresh");
    const buses = await Promise.all(
      Array.from({ length: 6 }, () => connectEventBus({ connectionString: cluster.url("events_fresh"), log, pollingIntervalSeconds: 0.5 })),
    );
    try {
      const types = ["UserRegistered", "UserDeleted", "OrderPlaced", "OrderStatusChanged", "PaymentFailed", "StockLow"] as const;
      const outcomes = await Promise.allSettled(buses.map((b, i) => b.subscribe(`service${i}`, [...types], async () => {})));
      expect(outcomes.filter((o) => o.status === "rejected")).toEqual([]);
    } finally {
      await Promise.all(buses.map((b) => b.stop()));
    }
  });

  it("tries a deadlock victim again, and nothing else", async () => {
    const deadlock = Object.assign(new Error("deadlock detected"), { code: "40P01" });
    let calls = 0;
    const answer = await retryOnDeadlock(async () => {
      calls += 1;
      if (calls < 3) throw deadlock;
      return "created";
    }, log);
    expect([answer, calls]).toEqual(["created", 3]);

    const other = Object.assign(new Error("permission denied"), { code: "42501" });
    let otherCalls = 0;
    await expect(
      retryOnDeadlock(async () => {
        otherCalls += 1;
        throw other;
      }, log),
    ).rejects.toBe(other);
    expect(otherCalls).toBe(1);
  });

  it("refuses to create an event with a malformed payload", () => {
    expect(() => createEvent("users", "UserDeleted", { userId: "not-a-uuid" })).toThrow();
  });
});
