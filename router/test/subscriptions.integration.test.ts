import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SUBSCRIPTION_OVER_HTTP_MESSAGE } from "../src/subscriptions/http-refusal.ts";
import { ALERTS_SDL } from "./support/realtime-schemas.ts";
import { startRealtimeStack, type RealtimeStack } from "./support/realtime-stack.ts";
import { eventually, openConnection, type Payload, type TestConnection } from "./support/ws-test-client.ts";

let stack: RealtimeStack;
const open: TestConnection[] = [];
const connect = (params?: Record<string, unknown>) => {
  const connection = openConnection(stack.url, params);
  open.push(connection);
  return connection;
};
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const codes = (payload: { errors?: { extensions?: Record<string, unknown> }[] }) => (payload.errors ?? []).map((e) => e.extensions?.code);

beforeAll(async () => {
  stack = await startRealtimeStack();
  stack.users.apiKeys.set("ak_partner_key_1", { sub: "partner-1", role: "PARTNER", scope: "catalog:read", akid: "key-1" });
});

afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  await stack?.stop();
});

beforeEach(async () => {
  stack.catalogProxy.mode = "forward";
  // Every test starts with no subscription left open at the subgraph by an earlier one.
  await Promise.all(open.splice(0).map((c) => c.close()));
  await eventually(() => expect(stack.alerts.active()).toBe(0));
});

const NOTIFICATION = `subscription {
  notificationAdded {
    title
    order { status total items { quantity product { name inStock } } }
    product { name }
  }
}`;

/** Subscribes and waits until the subgraph holds the subscription, so that what is published next reaches it. */
async function subscribed(connection: TestConnection, query: string, variables?: Record<string, unknown>, topic = "notificationAdded") {
  await connection.acked;
  const before = stack.alerts.active(topic as never);
  const subscription = connection.subscribe(query, variables);
  await eventually(() => expect(stack.alerts.active(topic as never)).toBe(before + 1));
  return subscription;
}

const notify = (recipientId: string, id: string, extra: Record<string, unknown> = {}) =>
  stack.alerts.publish("notificationAdded", { id, recipientId, title: `Notification ${id}`, ...extra });

describe("federated subscriptions", () => {
  it("completes each event with the fields other subgraphs own", async () => {
    const token = stack.token({ sub: "customer-1" });
    const subscription = await subscribed(connect({ ...bearer(token), "x-request-id": "client-req-1" }), NOTIFICATION);
    notify("customer-1", "n1", { title: "Order paid", order: { id: "o1" }, product: { id: "p2" } });
    expect(await subscription.next()).toEqual({
      data: {
        notificationAdded: {
          title: "Order paid",
          order: { status: "PAID", total: 2500, items: [{ quantity: 2, product: { name: "Lamp", inStock: true } }] },
          product: { name: "Desk" },
        },
      },
    });
    // The contract: the subgraph sees the caller's token and a request id (the client's, extended).
    expect(stack.alerts.seen.at(-1)).toEqual({ authorization: `Bearer ${token}`, requestId: "client-req-1:1" });
  });

  it("keeps each user's stream private: the subgraph filters by the viewer the router forwards", async () => {
    const first = await subscribed(connect(bearer(stack.token({ sub: "customer-1" }))), `subscription { notificationAdded { title } }`);
    const second = await subscribed(connect(bearer(stack.token({ sub: "customer-2" }))), `subscription { notificationAdded { title } }`);
    notify("customer-1", "for-1");
    notify("customer-2", "for-2");
    expect(await first.next()).toEqual({ data: { notificationAdded: { title: "Notification for-1" } } });
    // The first thing the second customer receives is their own notification, not the other's.
    expect(await second.next()).toEqual({ data: { notificationAdded: { title: "Notification for-2" } } });
    expect(first.events).toHaveLength(1);
  });

  it("refuses an anonymous subscription to an @authenticated field, without calling the subgraph", async () => {
    const connections = stack.alerts.seen.length;
    const client = connect();
    await client.acked;
    const ending = await client.subscribe(`subscription { notificationAdded { title } }`).ended;
    expect(ending.errors).toEqual([
      {
        message: "Authentication is required to access this field",
        path: ["notificationAdded"],
        extensions: { code: "UNAUTHENTICATED" },
      },
    ]);
    expect(stack.alerts.seen).toHaveLength(connections);
  });

  it("applies @policy to the fields of each event as to a query's", async () => {
    const query = `subscription { notificationAdded { title internalNote } }`;
    const customer = await subscribed(connect(bearer(stack.token({ sub: "customer-1" }))), query);
    const staff = await subscribed(connect(bearer(stack.token({ sub: "employee-1", role: "EMPLOYEE" }))), query);
    notify("customer-1", "c", { internalNote: "fraud check" });
    notify("employee-1", "e", { internalNote: "fraud check" });
    expect(await customer.next()).toEqual({
      data: { notificationAdded: { title: "Notification c", internalNote: null } },
      errors: [
        {
          message: "You are not allowed to access this field",
          path: ["notificationAdded", "internalNote"],
          extensions: { code: "FORBIDDEN" },
        },
      ],
    });
    expect(await staff.next()).toEqual({ data: { notificationAdded: { title: "Notification e", internalNote: "fraud check" } } });
  });

  it("serves public subscriptions to anonymous callers, and passes on the subgraph's NOT_FOUND for a stranger's order", async () => {
    const stock = await subscribed(
      connect(),
      `subscription ($id: ID!) { stockChanged(productId: $id) { quantity product { name } } }`,
      { id: "p1" },
      "stockChanged",
    );
    stack.alerts.publish("stockChanged", { product: { id: "p2" }, quantity: 1 });
    stack.alerts.publish("stockChanged", { product: { id: "p1" }, quantity: 7 });
    expect(await stock.next()).toEqual({ data: { stockChanged: { quantity: 7, product: { name: "Lamp" } } } });

    const stranger = connect(bearer(stack.token({ sub: "customer-2" })));
    await stranger.acked;
    const refused = stranger.subscribe(`subscription { orderStatusChanged(orderId: "o1") { status } }`);
    const event = await refused.next();
    expect(event).toMatchObject({
      data: null,
      errors: [{ message: "Order not found", path: ["orderStatusChanged"], extensions: { code: "NOT_FOUND", serviceName: "alerts" } }],
    });
    expect(await refused.ended).toEqual({ complete: true });

    const owner = await subscribed(
      connect(bearer(stack.token({ sub: "customer-1" }))),
      `subscription { orderStatusChanged(orderId: "o1") { status order { total } } }`,
      undefined,
      "orderStatusChanged",
    );
    stack.alerts.publish("orderStatusChanged", { order: { id: "o1" }, status: "SHIPPED" });
    expect(await owner.next()).toEqual({ data: { orderStatusChanged: { status: "SHIPPED", order: { total: 2500 } } } });
  });

  it("reports a completion fetch that failed on that event, and goes on with the next", async () => {
    const subscription = await subscribed(
      connect(bearer(stack.token({ sub: "customer-1" }))),
      `subscription { notificationAdded { title product { name } } }`,
    );
    stack.catalogProxy.mode = "reset";
    notify("customer-1", "a", { product: { id: "p1" } });
    expect(await subscription.next()).toEqual({
      data: { notificationAdded: { title: "Notification a", product: null } },
      errors: [
        {
          message: "The catalog service is unavailable",
          path: ["notificationAdded", "product", "name"],
          extensions: { code: "SUBGRAPH_UNAVAILABLE", reason: "unreachable", serviceName: "catalog" },
        },
      ],
    });
    stack.catalogProxy.mode = "forward";
    notify("customer-1", "b", { product: { id: "p1" } });
    expect(await subscription.next()).toEqual({ data: { notificationAdded: { title: "Notification b", product: { name: "Lamp" } } } });
  });

  it("masks a subgraph's unexpected error on an event, as over HTTP", async () => {
    const subscription = await subscribed(
      connect(bearer(stack.token({ sub: "customer-1" }))),
      `subscription { notificationAdded { title product { name } } }`,
    );
    stack.catalogProxy.mode = {
      status: 200,
      body: { data: null, errors: [{ message: 'relation "products" does not exist', extensions: { code: "INTERNAL" } }] },
    };
    notify("customer-1", "x", { product: { id: "p1" } });
    const event = await subscription.next();
    expect(event.data).toEqual({ notificationAdded: { title: "Notification x", product: null } });
    expect(event.errors).toEqual([
      {
        message: "Internal server error",
        path: ["notificationAdded", "product", "name"],
        extensions: { code: "INTERNAL", serviceName: "catalog" },
      },
    ]);
    expect(stack.logs.some((l) => l.msg === "subgraph error masked" && l.serviceName === "catalog")).toBe(true);
  });
});

describe("authentication of the connection", () => {
  it("closes a connection whose credential is refused with 4401 and the reason", async () => {
    expect(await connect({ authorization: "Bearer not-a-jwt" }).closed).toEqual({ code: 4401, reason: "Invalid access token" });
    expect(await connect({ authorization: 42 }).closed).toMatchObject({ code: 4401 });
    expect(await connect({ "x-api-key": "ak_unknown_key_9" }).closed).toEqual({ code: 4401, reason: "Invalid API key" });
  });

  it("accepts a partner's API key, and forwards the token minted for it", async () => {
    const client = connect({ "x-api-key": "ak_partner_key_1" });
    const subscription = await subscribed(client, `subscription { stockChanged(productId: "p1") { quantity } }`, undefined, "stockChanged");
    expect(stack.alerts.seen.at(-1)?.authorization).toMatch(/^Bearer ey/);
    stack.alerts.publish("stockChanged", { product: { id: "p1" }, quantity: 3 });
    expect(await subscription.next()).toEqual({ data: { stockChanged: { quantity: 3 } } });
  });

  it("ends the subscriptions of an expired token with UNAUTHENTICATED, then closes the connection", async () => {
    const client = connect(bearer(stack.token({ sub: "customer-1" }, 3)));
    const subscription = await subscribed(client, `subscription { notificationAdded { title } }`);
    const ending = await subscription.ended;
    expect(ending.errors).toEqual([
      { message: "Access token expired; reconnect with a fresh token", extensions: { code: "UNAUTHENTICATED" } },
    ]);
    expect(await client.closed).toEqual({ code: 4401, reason: "Access token expired; reconnect with a fresh token" });
    await eventually(() => expect(stack.alerts.active()).toBe(0));
  });

  it("ends the subscriptions of a revoked session within seconds", async () => {
    const client = connect(bearer(stack.token({ sub: "customer-1", sid: "session-to-revoke" })));
    const subscription = await subscribed(client, `subscription { notificationAdded { title } }`);
    stack.users.revoke("session", "session-to-revoke");
    expect((await subscription.ended).errors).toEqual([
      { message: "This session has ended; sign in again", extensions: { code: "UNAUTHENTICATED" } },
    ]);
    expect((await client.closed).code).toBe(4401);
  });
});

describe("the protocol", () => {
  it("refuses queries, mutations and invalid documents with an error on that subscription only", async () => {
    const client = connect();
    await client.acked;
    const query = await client.subscribe(`{ alertsVersion }`).ended;
    expect(query.errors).toEqual([
      { message: expect.stringContaining("send queries and mutations over HTTP"), extensions: { code: "BAD_REQUEST" } },
    ]);
    expect(codes(await client.subscribe(`subscription {`).ended)).toEqual(["GRAPHQL_PARSE_FAILED"]);
    expect(codes(await client.subscribe(`subscription { nope }`).ended)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    expect(codes(await client.subscribe(`subscription ($id: ID!) { stockChanged(productId: $id) { quantity } }`).ended)).toEqual([
      "BAD_USER_INPUT",
    ]);
    // The connection is still good.
    const stock = await subscribed(client, `subscription { stockChanged(productId: "p2") { quantity } }`, undefined, "stockChanged");
    stack.alerts.publish("stockChanged", { product: { id: "p2" }, quantity: 0 });
    expect(await stock.next()).toEqual({ data: { stockChanged: { quantity: 0 } } });
  });

  it("answers a subscription sent over HTTP with 400 and where to send it", async () => {
    const response = await fetch(stack.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `subscription { stockChanged(productId: "p1") { quantity } }` }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ errors: [{ message: SUBSCRIPTION_OVER_HTTP_MESSAGE, extensions: { code: "BAD_REQUEST" } }] });
  });

  it("works with graphql-ws's own client, as Apollo Client and Sandbox use it", async () => {
    const client = createClient({
      url: stack.url.replace("http", "ws"),
      webSocketImpl: WebSocket,
      connectionParams: bearer(stack.token({ sub: "customer-1" })),
      retryAttempts: 0,
    });
    const events: Payload[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const dispose = client.subscribe(
        { query: `subscription { notificationAdded { title order { status } } }` },
        {
          next: (event) => {
            events.push(event as Payload);
            dispose();
            resolve();
          },
          error: reject,
          complete: () => {},
        },
      );
    });
    await eventually(() => expect(stack.alerts.active("notificationAdded")).toBe(1));
    notify("customer-1", "ws", { order: { id: "o1" } });
    await done;
    expect(events).toEqual([{ data: { notificationAdded: { title: "Notification ws", order: { status: "PAID" } } } }]);
    await client.dispose();
    await eventually(() => expect(stack.alerts.active()).toBe(0));
  });

  it("accepts WebSockets on the GraphQL path only, and only with the graphql-transport-ws protocol", async () => {
    const elsewhere = new WebSocket(stack.url.replace("http", "ws").replace("/graphql", "/health"), "graphql-transport-ws");
    const status = await new Promise((resolve) => elsewhere.on("unexpected-response", (_req, res) => resolve(res.statusCode)));
    expect(status).toBe(404);
    // A client that offers no subprotocol (or only the legacy one, which it then aborts itself).
    const unversioned = openConnection(stack.url, undefined, { protocols: [] });
    expect(await unversioned.closed).toEqual({ code: 4406, reason: "Subprotocol not acceptable" });
  });
});

describe("hot reload", () => {
  const subscriptionFields = async () => {
    const response = await fetch(stack.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ __type(name: "Subscription") { fields { name } } }` }),
    });
    const body = (await response.json()) as { data: { __type: { fields: { name: string }[] } } };
    return body.data.__type.fields.map((f) => f.name);
  };

  it("plans new subscriptions on the supergraph in service, and leaves running ones alone", async () => {
    const client = connect();
    const running = await subscribed(client, `subscription { stockChanged(productId: "p1") { quantity } }`, undefined, "stockChanged");
    const withoutStock = ALERTS_SDL.replace(/"Public\."\s*stockChanged[^\n]*\n/, "");
    expect(withoutStock).not.toContain("stockChanged");
    await stack.replaceAlertsSdl(withoutStock);
    try {
      await eventually(async () => expect(await subscriptionFields()).not.toContain("stockChanged"));
      expect(codes(await client.subscribe(`subscription { stockChanged(productId: "p1") { quantity } }`).ended)).toEqual([
        "GRAPHQL_VALIDATION_FAILED",
      ]);
      stack.alerts.publish("stockChanged", { product: { id: "p1" }, quantity: 2 });
      expect(await running.next()).toEqual({ data: { stockChanged: { quantity: 2 } } });
    } finally {
      await stack.replaceAlertsSdl(ALERTS_SDL);
      await eventually(async () => expect(await subscriptionFields()).toContain("stockChanged"));
    }
  });
});
