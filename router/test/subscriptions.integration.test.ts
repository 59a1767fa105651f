import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRealtimeStack, type RealtimeStack } from "./support/realtime-stack.ts";
import { eventually, openConnection, type TestConnection } from "./support/ws-test-client.ts";

let stack: RealtimeStack;
const open: TestConnection[] = [];
const connect = (params?: Record<string, unknown>) => {
  const connection = openConnection(stack.url, params);
  open.push(connection);
  return connection;
};
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  stack = await startRealtimeStack();
});

afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  await stack?.stop();
});

const NOTIFICATION = `subscription {
  notificationAdded {
    title
    order { status total items { quantity product { name inStock } } }
    product { name }
  }
}`;

describe("federated subscriptions", () => {
  it("completes each event with the fields other subgraphs own", async () => {
    const token = stack.token({ sub: "customer-1" });
    const client = connect(bearer(token));
    await client.acked;
    const subscription = client.subscribe(NOTIFICATION);
    await eventually(() => expect(stack.alerts.active("notificationAdded")).toBe(1));
    stack.alerts.publish("notificationAdded", {
      id: "n1",
      recipientId: "customer-1",
      title: "Order paid",
      order: { id: "o1" },
      product: { id: "p2" },
    });
    expect(await subscription.next()).toEqual({
      data: {
        notificationAdded: {
          title: "Order paid",
          order: { status: "PAID", total: 2500, items: [{ quantity: 2, product: { name: "Lamp", inStock: true } }] },
          product: { name: "Desk" },
        },
      },
    });
    // The contract: the subgraph sees the caller's token and a request id.
    expect(stack.alerts.seen.at(-1)).toEqual({ authorization: `Bearer ${token}`, requestId: expect.any(String) });
    subscription.complete();
    await eventually(() => expect(stack.alerts.active()).toBe(0));
  });
});
