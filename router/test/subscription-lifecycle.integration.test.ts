import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startRealtimeStack, type RealtimeStack } from "./support/realtime-stack.ts";
import { eventually, openConnection, type TestConnection } from "./support/ws-test-client.ts";

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const STOCK = `subscription ($id: ID!) { stockChanged(productId: $id) { quantity product { name } } }`;

describe("subscription lifecycle", () => {
  let stack: RealtimeStack;
  const open: TestConnection[] = [];
  const connect = (params?: Record<string, unknown>) => {
    const connection = openConnection(stack.url, params);
    open.push(connection);
    return connection;
  };

  beforeAll(async () => {
    stack = await startRealtimeStack({ maxPerConnection: 3, maxConnectionsPerUser: 2, maxBufferedBytes: 64 * 1024 });
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
    await eventually(() => expect(stack.alerts.active()).toBe(0));
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("closes the upstream subscription the client completes, and every one of a client that disconnects", async () => {
    const client = connect();
    await client.acked;
    const subscriptions = ["p1", "p2", "p1"].map((id) => client.subscribe(STOCK, { id }));
    await eventually(() => expect(stack.alerts.active("stockChanged")).toBe(3));
    subscriptions[0]!.complete();
    await eventually(() => expect(stack.alerts.active("stockChanged")).toBe(2));
    stack.alerts.publish("stockChanged", { product: { id: "p1" }, quantity: 4 });
    expect(await subscriptions[2]!.next()).toEqual({ data: { stockChanged: { quantity: 4, product: { name: "Lamp" } } } });
    expect(subscriptions[0]!.events).toEqual([]);

    client.ws.terminate();
    await eventually(() => expect(stack.alerts.active()).toBe(0));
    await eventually(() => expect(stack.alerts.connections).toBe(0));
  });

  it("ends the subscriptions of a subgraph that goes away with SUBGRAPH_UNAVAILABLE, and serves them again once it is back", async () => {
    const client = connect();
    await client.acked;
    const subscription = client.subscribe(STOCK, { id: "p1" });
    await eventually(() => expect(stack.alerts.active("stockChanged")).toBe(1));
    await stack.stopAlerts();
    const unavailable = {
      errors: [
        {
          message: "The alerts service is unavailable",
          path: ["stockChanged"],
          extensions: { code: "SUBGRAPH_UNAVAILABLE", serviceName: "alerts", reason: "unreachable" },
        },
      ],
    };
    expect(await subscription.ended).toEqual(unavailable);
    // While it is down, a new subscription fails the same way (connection refused).
    expect(await client.subscribe(STOCK, { id: "p1" }).ended).toEqual(unavailable);

    await stack.restartAlerts();
    const again = client.subscribe(STOCK, { id: "p1" });
    await eventually(() => expect(stack.alerts.active("stockChanged")).toBe(1));
    stack.alerts.publish("stockChanged", { product: { id: "p1" }, quantity: 9 });
    expect(await again.next()).toEqual({ data: { stockChanged: { quantity: 9, product: { name: "Lamp" } } } });
  });

  it("drops a client that stops reading, and closes its upstream subscriptions", async () => {
    const client = connect(bearer(stack.token({ sub: "customer-1" })));
    await client.acked;
    client.subscribe(`subscription { notificationAdded { title body } }`);
    await eventually(() => expect(stack.alerts.active("notificationAdded")).toBe(1));
    // The client stops reading its socket; the router keeps sending until its backlog passes the limit.
    const socket = (client.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    socket.pause();
    const body = "x".repeat(64 * 1024);
    for (let i = 0; i < 400 && stack.alerts.active("notificationAdded") > 0; i++) {
      stack.alerts.publish("notificationAdded", { id: `n${i}`, recipientId: "customer-1", title: `n${i}`, body });
      await new Promise((resolve) => setImmediate(resolve));
    }
    await eventually(() => expect(stack.alerts.active()).toBe(0));
    const drop = stack.logs.find((line) => line.msg === "slow consumer dropped: its messages were not read");
    expect(drop).toMatchObject({ clientAddress: "127.0.0.1" });
    expect(drop!.bufferedBytes as number).toBeGreaterThan(64 * 1024);
    // The router let go of the connection: a client that reads again finds it closed.
    socket.resume();
    expect((await client.closed).code).not.toBe(1000);
  });

  it("refuses a subscription past the per-connection limit with RATE_LIMITED, and accepts one once another ends", async () => {
    const client = connect();
    await client.acked;
    const first = client.subscribe(STOCK, { id: "p1" });
    client.subscribe(STOCK, { id: "p1" });
    client.subscribe(STOCK, { id: "p2" });
    const refused = await client.subscribe(STOCK, { id: "p2" }).ended;
    expect(refused).toEqual({
      errors: [
        {
          message: "At most 3 subscriptions per connection",
          extensions: { code: "RATE_LIMITED", maxSubscriptionsPerConnection: 3 },
        },
      ],
    });
    first.complete();
    await eventually(() => expect(stack.alerts.active("stockChanged")).toBe(2));
    const fourth = client.subscribe(STOCK, { id: "p2" });
    await eventually(() => expect(stack.alerts.active("stockChanged")).toBe(3));
    fourth.complete();
  });

  it("closes a user's connection past the per-user limit with 4429, and accepts one once another closes", async () => {
    const token = stack.token({ sub: "customer-9" });
    const first = connect(bearer(token));
    const second = connect(bearer(stack.token({ sub: "customer-9", sid: "other-device" })));
    await first.acked;
    await second.acked;
    expect(await connect(bearer(token)).closed).toEqual({ code: 4429, reason: "Too many connections for this user" });
    // Another user, and anonymous connections, are not affected.
    await connect(bearer(stack.token({ sub: "customer-8" }))).acked;
    await connect().acked;
    await first.close();
    await eventually(() => connect(bearer(token)).acked, 5_000);
  });
});

describe("keep-alive", () => {
  let stack: RealtimeStack;
  beforeAll(async () => {
    stack = await startRealtimeStack({ keepAliveMs: 1_000 });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("pings idle connections, and drops one that stops answering", async () => {
    const answering = openConnection(stack.url);
    const silent = openConnection(stack.url, undefined, { autoPong: false });
    await answering.acked;
    await silent.acked;
    const subscription = silent.subscribe(STOCK, { id: "p1" });
    await eventually(() => expect(stack.alerts.active("stockChanged")).toBe(1));
    expect((await silent.closed).code).toBe(1006);
    expect(await subscription.ended).toEqual({ closed: 1006 });
    await eventually(() => expect(stack.alerts.active()).toBe(0));
    expect(answering.pings).toBeGreaterThanOrEqual(2);
    expect(answering.ws.readyState).toBe(answering.ws.OPEN);
    await answering.close();
  });

  it("closes every connection with 1001 when the router stops, and their upstream subscriptions", async () => {
    const client = openConnection(stack.url);
    await client.acked;
    client.subscribe(STOCK, { id: "p2" });
    await eventually(() => expect(stack.alerts.active("stockChanged")).toBe(1));
    await stack.router.stop();
    expect(await client.closed).toEqual({ code: 1001, reason: "The router is stopping" });
    await eventually(() => expect(stack.alerts.active()).toBe(0));
  });
});
