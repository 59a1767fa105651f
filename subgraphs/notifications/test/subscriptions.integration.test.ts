import { randomUUID } from "node:crypto";
import { graphqlClient, subscribeOverWs, type TestSubscription } from "@amazoff/kit/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestServer, type Member, type NotificationsTestServer } from "./test-server.ts";

let t: NotificationsTestServer;
beforeAll(async () => {
  t = await createTestServer();
});
afterAll(() => t?.stop());
// Every test closes what it opened: the subgraph is left with no live subscription (none leaks).
afterEach(async () => {
  await expect.poll(() => t.server.subscriptionStats!()).toEqual({ connections: 0, subscriptions: 0 });
});

const NOTIFICATION_ADDED = /* GraphQL */ `subscription { notificationAdded { id kind title recipient { id } order { id } } }`;
const ORDER_STATUS = /* GraphQL */ `subscription($orderId: ID!) { orderStatusChanged(orderId: $orderId) { order { id } from status changedAt } }`;
const STOCK = /* GraphQL */ `subscription($productId: ID!) { stockChanged(productId: $productId) { product { id } status availableQuantity } }`;

const as = (member: Member) => ({ authorization: `Bearer ${member.accessToken}`, "x-request-id": `sub-${randomUUID()}` });
const live = () => t.server.subscriptionStats!().subscriptions;

/** Subscribes and waits until the subgraph listens for it (its live subscriptions went up by one). */
async function subscribed<D>(
  query: string,
  variables: Record<string, unknown>,
  params: Record<string, unknown> = {},
): Promise<TestSubscription<D>> {
  const before = live();
  const sub = subscribeOverWs<D>(t.url, query, variables, params);
  await sub.connected;
  await expect.poll(live).toBe(before + 1);
  return sub;
}

const codes = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  (result.errors ?? []).map((e) => e.extensions?.code);

describe("notificationAdded", () => {
  it("brings a user their own new notifications, and not anyone else's", async () => {
    const [ada, bo] = await Promise.all([t.signIn(), t.signIn()]);
    const sub = await subscribed<{ notificationAdded: { kind: string; recipient: { id: string }; order: { id: string } | null } }>(
      NOTIFICATION_ADDED,
      {},
      as(ada),
    );
    const orderId = randomUUID();
    // Bo's first: it would arrive before Ada's if it reached Ada at all.
    await t.deliver("OrderPlaced", { orderId: randomUUID(), userId: bo.id });
    await t.deliver("OrderPlaced", { orderId, userId: ada.id });
    const first = await sub.next();
    expect(first.errors).toBeUndefined();
    expect(first.data!.notificationAdded).toMatchObject({ kind: "ORDER_PLACED", recipient: { id: ada.id }, order: { id: orderId } });
    const stored = await t.db.prisma.notification.findFirstOrThrow({ where: { recipientId: ada.id } });
    expect((first.data!.notificationAdded as { id?: string }).id).toBe(stored.id);
    await sub.stop();
    await expect.poll(live).toBe(0);
  });

  it("refuses an anonymous subscriber with UNAUTHENTICATED, and an invalid token with close code 4401", async () => {
    const anonymous = subscribeOverWs(t.url, NOTIFICATION_ADDED);
    expect(codes(await anonymous.next())).toEqual(["UNAUTHENTICATED"]);
    expect(await anonymous.ended).toEqual({ kind: "complete" });
    await anonymous.stop();
    const forged = subscribeOverWs(t.url, NOTIFICATION_ADDED, {}, { authorization: "Bearer eyJhbGciOiJub25lIn0.e30." });
    expect(await forged.ended).toMatchObject({ kind: "closed", code: 4401 });
    await forged.stop();
  });

  it("ends the subscription when the user signs out (their session is revoked)", async () => {
    const cy = await t.signIn();
    const sub = await subscribed(NOTIFICATION_ADDED, {}, as(cy));
    const logout = await graphqlClient(t.users.url, { authorization: `Bearer ${cy.accessToken}` })(`mutation { logout }`);
    expect(logout.data).toEqual({ logout: true });
    const ending = await sub.next();
    expect(codes(ending)).toEqual(["UNAUTHENTICATED"]);
    expect(await sub.ended).toEqual({ kind: "complete" });
    await expect.poll(live).toBe(0);
    await sub.stop();
  });
});

describe("orderStatusChanged", () => {
  it("streams an order's moves to its customer and to staff", async () => {
    const [customer, staff] = await Promise.all([t.signIn(), t.signIn("EMPLOYEE")]);
    const orderId = randomUUID();
    await t.deliver("OrderPlaced", { orderId, userId: customer.id });
    const mine = await subscribed<{ orderStatusChanged: Record<string, unknown> }>(ORDER_STATUS, { orderId }, as(customer));
    const watched = await subscribed<{ orderStatusChanged: Record<string, unknown> }>(ORDER_STATUS, { orderId }, as(staff));
    await t.deliver("OrderStatusChanged", { orderId, userId: customer.id, from: "PAID", to: "FULFILLED" });
    await t.deliver("OrderStatusChanged", { orderId, userId: customer.id, from: "FULFILLED", to: "SHIPPED" });
    for (const sub of [mine, watched]) {
      expect((await sub.next()).data!.orderStatusChanged).toMatchObject({ order: { id: orderId }, from: "PAID", status: "FULFILLED" });
      expect((await sub.next()).data!.orderStatusChanged).toMatchObject({ from: "FULFILLED", status: "SHIPPED" });
      await sub.stop();
    }
  });

  it("answers NOT_FOUND at once to a stranger and for an unknown order: no silent stream", async () => {
    const [customer, stranger] = await Promise.all([t.signIn(), t.signIn()]);
    const orderId = randomUUID();
    await t.deliver("OrderPlaced", { orderId, userId: customer.id });
    for (const variables of [{ orderId }, { orderId: randomUUID() }]) {
      const sub = subscribeOverWs(t.url, ORDER_STATUS, variables, as(stranger));
      expect(codes(await sub.next())).toEqual(["NOT_FOUND"]);
      expect(await sub.ended).toEqual({ kind: "complete" });
      await sub.stop();
    }
    const anonymous = subscribeOverWs(t.url, ORDER_STATUS, { orderId });
    expect(codes(await anonymous.next())).toEqual(["UNAUTHENTICATED"]);
    await anonymous.stop();
    const malformed = subscribeOverWs(t.url, ORDER_STATUS, { orderId: "order-1" }, as(customer));
    expect(codes(await malformed.next())).toEqual(["BAD_USER_INPUT"]);
    await malformed.stop();
    expect(live()).toBe(0);
  });

  it("asks the orders subgraph about an order it has not heard of yet, and remembers the answer", async () => {
    const [customer, stranger] = await Promise.all([t.signIn(), t.signIn()]);
    const orderId = await t.createOrder(customer.id);
    expect(await t.db.prisma.orderOwner.count({ where: { orderId } })).toBe(0);
    const refused = subscribeOverWs(t.url, ORDER_STATUS, { orderId }, as(stranger));
    expect(codes(await refused.next())).toEqual(["NOT_FOUND"]);
    await refused.stop();
    const sub = await subscribed<{ orderStatusChanged: Record<string, unknown> }>(ORDER_STATUS, { orderId }, as(customer));
    expect(await t.db.prisma.orderOwner.findUnique({ where: { orderId } })).toEqual({ orderId, userId: customer.id });
    await t.deliver("OrderStatusChanged", { orderId, userId: customer.id, from: "PAID", to: "CANCELLED" });
    expect((await sub.next()).data!.orderStatusChanged).toMatchObject({ status: "CANCELLED" });
    await sub.stop();
  });
});

describe("stockChanged", () => {
  it("is public, and sends at most one event per second per product: the first at once, then the latest", async () => {
    const productId = randomUUID();
    const other = randomUUID();
    const sub = await subscribed<{ stockChanged: { product: { id: string }; status: string; availableQuantity: number } }>(STOCK, {
      productId,
    });
    const otherSub = await subscribed<{ stockChanged: { availableQuantity: number } }>(STOCK, { productId: other });
    // The first through the consumer (as inventory's event arrives), then a burst published
    // straight away, so that it surely falls within one second whatever the machine's load.
    await t.deliver("StockChanged", { productId, status: "IN_STOCK", availableQuantity: 9 });
    for (const availableQuantity of [8, 7, 6, 5]) {
      await t.server.app.services.realtime.stockChanged({ productId, status: "IN_STOCK", availableQuantity, changedAt: new Date() });
    }
    await t.deliver("StockChanged", { productId: other, status: "LOW_STOCK", availableQuantity: 1 });
    const first = await sub.next();
    const second = await sub.next();
    expect(first.data!.stockChanged).toEqual({ product: { id: productId }, status: "IN_STOCK", availableQuantity: 9 });
    expect(second.data!.stockChanged).toEqual({ product: { id: productId }, status: "IN_STOCK", availableQuantity: 5 });
    // Nothing came in between, and nothing repeats: the next event after a quiet second is the next change.
    await t.deliver("StockChanged", { productId, status: "OUT_OF_STOCK", availableQuantity: 0 });
    expect((await sub.next()).data!.stockChanged).toMatchObject({ status: "OUT_OF_STOCK", availableQuantity: 0 });
    expect(sub.results).toHaveLength(3);
    expect((await otherSub.next()).data!.stockChanged).toMatchObject({ availableQuantity: 1 });
    await Promise.all([sub.stop(), otherSub.stop()]);
    await expect.poll(live).toBe(0);
  });

  it("refuses a malformed product id", async () => {
    const sub = subscribeOverWs(t.url, STOCK, { productId: "lamp" });
    expect(codes(await sub.next())).toEqual(["BAD_USER_INPUT"]);
    await sub.stop();
  });
});
