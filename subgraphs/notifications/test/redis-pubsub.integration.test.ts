import { createEvent } from "@amazoff/events";
import { randomUUID } from "node:crypto";
import { createLogger } from "@amazoff/kit";
import { startTestRedis, subscribeOverWs, type TestRedis } from "@amazoff/kit/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PubSub } from "../src/realtime/pubsub.ts";
import { redisPubSub } from "../src/realtime/redis-pubsub.ts";
import type { RunningNotifications } from "../src/server.ts";
import { createTestServer, type NotificationsTestServer } from "./test-server.ts";

const log = createLogger({ service: "redis-test", level: "silent" });

let redis: TestRedis;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(() => redis?.stop());

/** Collects what a listener hears. */
function collector() {
  const heard: unknown[] = [];
  return { heard, listener: (message: unknown) => void heard.push(message) };
}

describe("Redis pub/sub between replicas", () => {
  let a: PubSub;
  let b: PubSub;
  let admin: Redis;
  beforeAll(async () => {
    [a, b] = await Promise.all([redisPubSub(redis.url, log), redisPubSub(redis.url, log)]);
    admin = new Redis(redis.url);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    admin?.disconnect();
  });

  it("hands each message once to every listener of its topic, on every replica, and to no other topic", async () => {
    const topic = `t-${randomUUID()}`;
    const [onA, onB1, onB2, elsewhere] = [collector(), collector(), collector(), collector()];
    await a.subscribe(topic, onA.listener);
    await b.subscribe(topic, onB1.listener);
    await b.subscribe(topic, onB2.listener);
    await b.subscribe(`other-${randomUUID()}`, elsewhere.listener);
    await a.publish(topic, { n: 1 });
    await b.publish(topic, { n: 2 });
    // A marker after them: once it arrived everywhere, so had everything before it.
    await a.publish(topic, { n: "end" });
    for (const heard of [onA, onB1, onB2]) {
      await expect.poll(() => heard.heard.length).toBe(3);
      expect(heard.heard).toEqual([{ n: 1 }, { n: 2 }, { n: "end" }]);
    }
    expect(elsewhere.heard).toEqual([]);
  });

  it("stops delivering to a listener that left, and unsubscribes a replica from Redis once its last listener left", async () => {
    const topic = `t-${randomUUID()}`;
    const channel = `amazoff:notifications:${topic}`;
    const [first, second] = [collector(), collector()];
    const stopFirst = await b.subscribe(topic, first.listener);
    const stopSecond = await b.subscribe(topic, second.listener);
    expect(await admin.pubsub("NUMSUB", channel)).toEqual([channel, 1]);
    stopFirst();
    await a.publish(topic, "after the first left");
    await expect.poll(() => second.heard).toEqual(["after the first left"]);
    expect(first.heard).toEqual([]);
    stopSecond();
    await expect.poll(async () => admin.pubsub("NUMSUB", channel)).toEqual([channel, 0]);
  });
});

describe("two notifications replicas on one Redis", () => {
  let t: NotificationsTestServer;
  let replica: RunningNotifications;
  beforeAll(async () => {
    t = await createTestServer({ env: { NOTIFICATIONS_REDIS_URL: redis.url } });
    replica = await t.startReplica();
  });
  afterAll(() => t?.stop());

  it("delivers an event consumed by one replica exactly once to subscribers connected to either", async () => {
    const member = await t.signIn();
    const params = { authorization: `Bearer ${member.accessToken}` };
    const query = `subscription { notificationAdded { title order { id } } }`;
    const onFirst = subscribeOverWs<{ notificationAdded: { order: { id: string } } }>(t.url, query, {}, params);
    const onReplica = subscribeOverWs<{ notificationAdded: { order: { id: string } } }>(replica.url, query, {}, params);
    await expect.poll(() => [t.server.subscriptionStats!().subscriptions, replica.subscriptionStats!().subscriptions]).toEqual([1, 1]);
    const orders = [randomUUID(), randomUUID()];
    // The first replica consumes one event, the second the other (as the queue shares them out).
    await t.deliver("OrderPlaced", { orderId: orders[0]!, userId: member.id });
    await replica.handleEvent(createEvent("orders", "OrderPlaced", { orderId: orders[1]!, userId: member.id }));
    for (const sub of [onFirst, onReplica]) {
      const received = [(await sub.next()).data!.notificationAdded.order.id, (await sub.next()).data!.notificationAdded.order.id];
      expect(received.sort()).toEqual([...orders].sort());
    }
    // Exactly once: a third event is the next thing each subscriber hears.
    const third = randomUUID();
    await t.deliver("OrderPlaced", { orderId: third, userId: member.id });
    for (const sub of [onFirst, onReplica]) {
      expect((await sub.next()).data!.notificationAdded.order.id).toBe(third);
      expect(sub.results).toHaveLength(3);
      await sub.stop();
    }
  });
});
