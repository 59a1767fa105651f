import { randomUUID } from "node:crypto";
import { ordersApi } from "@amazoff/contracts";
import { createEvent } from "@amazoff/events";
import { internalClient } from "@amazoff/kit";
import { errorCodes } from "@amazoff/kit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { userDeletedHandler } from "../src/gdpr.ts";
import { OrderRepository } from "../src/orders/order.repository.ts";
import { createFakePeers, type FakePeers } from "./fake-peers.ts";
import { createTestServer, TEST_INTERNAL_SECRET, type OrdersTestServer } from "./test-server.ts";

const LAMP = "0b8d1e6a-2222-4222-8222-000000000001";
const CARD = { number: "4242424242424242", expMonth: 12, expYear: 2030, cvc: "123" };

let fake: FakePeers;
let t: OrdersTestServer;

beforeAll(async () => {
  fake = createFakePeers();
  fake.products.set(LAMP, { productId: LAMP, sku: "LAMP-2", name: "Floor Lamp", price: { amount: 12900, currency: "USD" } });
  fake.stock.set(LAMP, 1000);
  t = await createTestServer({ peers: fake.peers });
});
afterAll(() => t?.stop());

/** A customer who has placed one paid order. */
async function customerWithOrder() {
  const userId = randomUUID();
  const addressId = randomUUID();
  fake.carts.set(userId, [{ productId: LAMP, quantity: 1 }]);
  fake.addresses.set(
    userId,
    new Map([
      [
        addressId,
        {
          fullName: "Grace Hopper",
          line1: "2 Compiler Rd",
          line2: null,
          city: "Arlington",
          postalCode: "22201",
          region: "VA",
          country: "US",
        },
      ],
    ]),
  );
  const headers = t.issuer.headers(userId, "CUSTOMER");
  const response = await t.query(
    `mutation($input: CheckoutInput!) { checkout(input: $input) { ... on Order { id status } } }`,
    { input: { shippingAddressId: addressId, paymentMethod: CARD, idempotencyKey: `key-${randomUUID()}` } },
    headers,
  );
  return { userId, headers, orderId: response.data!.checkout.id as string };
}

const staff = () => t.issuer.headers(randomUUID(), "EMPLOYEE");
const UPDATE = `mutation($id: ID!, $status: OrderStatus!) { updateOrderStatus(id: $id, status: $status) { id status statusHistory { from to } } }`;
const CANCEL = `mutation($id: ID!, $reason: String) { cancelOrder(id: $id, reason: $reason) { id status } }`;

describe("reading orders", () => {
  it("shows an order to its customer and to staff, and to nobody else", async () => {
    const { orderId, headers } = await customerWithOrder();
    const query = `query($id: ID!) { order(id: $id) { id status shippingAddress { city } customer { id } } }`;
    expect((await t.query(query, { id: orderId }, headers)).data!.order).toMatchObject({
      id: orderId,
      status: "PAID",
      shippingAddress: { city: "Arlington" },
    });
    expect((await t.query(query, { id: orderId }, staff())).data!.order.id).toBe(orderId);
    expect((await t.query(query, { id: orderId }, t.issuer.headers(randomUUID(), "CUSTOMER"))).data!.order).toBeNull();
    expect(errorCodes(await t.query(query, { id: orderId }))).toEqual(["UNAUTHENTICATED"]);
  });

  it("lists a user's orders newest first through User.orders, for that user and staff only", async () => {
    const first = await customerWithOrder();
    fake.carts.set(first.userId, [{ productId: LAMP, quantity: 2 }]);
    const addressId = [...fake.addresses.get(first.userId)!.keys()][0];
    const second = await t.query(
      `mutation($input: CheckoutInput!) { checkout(input: $input) { ... on Order { id } } }`,
      { input: { shippingAddressId: addressId, paymentMethod: CARD, idempotencyKey: `key-${randomUUID()}` } },
      first.headers,
    );
    const entities = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { orders(first: 10) { totalCount edges { node { id } } } } } }`;
    const reps = [{ __typename: "User", id: first.userId }];
    const own = await t.query(entities, { reps }, first.headers);
    expect(own.data!._entities[0].orders.totalCount).toBe(2);
    expect(own.data!._entities[0].orders.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([
      second.data!.checkout.id,
      first.orderId,
    ]);
    expect((await t.query(entities, { reps }, staff())).data!._entities[0].orders.totalCount).toBe(2);
    const other = await t.query(entities, { reps }, t.issuer.headers(randomUUID(), "CUSTOMER"));
    expect(errorCodes(other)).toEqual(["NOT_FOUND"]);
  });

  it("lets staff list and filter all orders, and only staff", async () => {
    const { orderId, userId, headers } = await customerWithOrder();
    const list = `query($filter: OrderFilter) { orders(first: 5, filter: $filter) { totalCount edges { node { id status } } } }`;
    const mine = await t.query(list, { filter: { userId } }, staff());
    expect(mine.data!.orders).toMatchObject({ totalCount: 1, edges: [{ node: { id: orderId, status: "PAID" } }] });
    expect((await t.query(list, { filter: { status: "SHIPPED", userId } }, staff())).data!.orders.totalCount).toBe(0);
    expect(errorCodes(await t.query(list, {}, headers))).toEqual(["FORBIDDEN"]);
  });
});

describe("order life cycle", () => {
  it("moves an order along with staff: fulfilled, shipped, delivered, refunded", async () => {
    const { orderId } = await customerWithOrder();
    for (const status of ["FULFILLED", "SHIPPED", "DELIVERED"]) {
      expect((await t.query(UPDATE, { id: orderId, status }, staff())).data!.updateOrderStatus.status).toBe(status);
    }
    const refunded = await t.query(UPDATE, { id: orderId, status: "REFUNDED" }, staff());
    expect(refunded.data!.updateOrderStatus.statusHistory.map((h: { to: string }) => h.to)).toEqual([
      "PENDING_PAYMENT",
      "PAID",
      "FULFILLED",
      "SHIPPED",
      "DELIVERED",
      "REFUNDED",
    ]);
    expect(fake.refunds).toContainEqual(expect.objectContaining({ key: `refund:${orderId}` }));
  });

  it("refuses moves the state machine does not allow, and customers moving orders", async () => {
    const { orderId, headers } = await customerWithOrder();
    const skip = await t.query(UPDATE, { id: orderId, status: "DELIVERED" }, staff());
    expect(errorCodes(skip)).toEqual(["CONFLICT"]);
    expect(errorCodes(await t.query(UPDATE, { id: orderId, status: "FULFILLED" }, headers))).toEqual(["FORBIDDEN"]);
  });

  it("lets the customer cancel before shipping: refund, stock back, CANCELLED", async () => {
    const { orderId, headers } = await customerWithOrder();
    const before = fake.stock.get(LAMP)!;
    const response = await t.query(CANCEL, { id: orderId, reason: "changed my mind" }, headers);
    expect(response.data!.cancelOrder).toEqual({ id: orderId, status: "CANCELLED" });
    expect(fake.refunds).toContainEqual(expect.objectContaining({ key: `cancel:${orderId}` }));
    expect(fake.reservations.get(orderId)!.status).toBe("RESTOCKED");
    expect(fake.stock.get(LAMP)).toBe(before + 1);
    const events = await t.db.prisma.outboxEvent.findMany({
      where: { type: "OrderStatusChanged", payload: { path: ["payload", "orderId"], equals: orderId } },
    });
    expect(events.map((e) => (e.payload as { payload: { to: string } }).payload.to)).toContain("CANCELLED");
  });

  it("refuses to cancel a shipped order, someone else's order, or with a huge reason", async () => {
    const { orderId, headers } = await customerWithOrder();
    expect(errorCodes(await t.query(CANCEL, { id: orderId, reason: "x".repeat(501) }, headers))).toEqual(["BAD_USER_INPUT"]);
    expect(errorCodes(await t.query(CANCEL, { id: orderId, reason: "fine \u202Etext" }, headers))).toEqual(["BAD_USER_INPUT"]);
    expect(errorCodes(await t.query(CANCEL, { id: orderId }, t.issuer.headers(randomUUID(), "CUSTOMER")))).toEqual(["NOT_FOUND"]);
    await t.query(UPDATE, { id: orderId, status: "FULFILLED" }, staff());
    await t.query(UPDATE, { id: orderId, status: "SHIPPED" }, staff());
    expect(errorCodes(await t.query(CANCEL, { id: orderId }, headers))).toEqual(["CONFLICT"]);
    expect((await t.db.prisma.order.findUnique({ where: { id: orderId } }))!.status).toBe("SHIPPED");
  });
});

describe("cancelling and refunding: the status first, then the money, once", () => {
  const leaseRunsOut = (orderId: string) =>
    t.db.prisma.orderCompensation.update({ where: { orderId }, data: { leaseUntil: new Date(Date.now() - 1000) } });

  it("cancels at once when the refund cannot be made now; recovery refunds and restocks once; repeated cancels answer the order", async () => {
    const { orderId, headers } = await customerWithOrder();
    const before = fake.stock.get(LAMP)!;
    fake.fail.add("payments.refund");
    const first = await t.query(CANCEL, { id: orderId }, headers);
    expect(first.data!.cancelOrder).toEqual({ id: orderId, status: "CANCELLED" });
    expect(fake.refunds.filter((r) => r.key === `cancel:${orderId}`)).toHaveLength(0);
    expect(await t.db.prisma.orderCompensation.findUnique({ where: { orderId } })).toMatchObject({ action: "CANCEL", settledAt: null });

    // A retried cancel while the payments service is still down: the same answer, nothing more.
    expect((await t.query(CANCEL, { id: orderId }, headers)).data!.cancelOrder).toEqual({ id: orderId, status: "CANCELLED" });

    fake.fail.clear();
    await leaseRunsOut(orderId);
    await t.server.recovery.runOnce();
    expect(fake.refunds.filter((r) => r.key === `cancel:${orderId}`)).toHaveLength(1);
    expect(fake.stock.get(LAMP)).toBe(before + 1);
    expect((await t.db.prisma.orderCompensation.findUnique({ where: { orderId } }))!.settledAt).not.toBeNull();

    // Cancelling again, and another recovery pass, change nothing.
    expect((await t.query(CANCEL, { id: orderId }, headers)).data!.cancelOrder).toEqual({ id: orderId, status: "CANCELLED" });
    await t.server.recovery.runOnce();
    expect(fake.refunds.filter((r) => r.key === `cancel:${orderId}`)).toHaveLength(1);
    expect(fake.stock.get(LAMP)).toBe(before + 1);
    const history = await t.db.prisma.orderStatusChange.findMany({ where: { orderId, toStatus: "CANCELLED" } });
    expect(history).toHaveLength(1);
  });

  it("refuses to cancel an order that shipped first, refunding nothing", async () => {
    const { orderId, headers } = await customerWithOrder();
    for (const status of ["FULFILLED", "SHIPPED"]) await t.query(UPDATE, { id: orderId, status }, staff());
    expect(errorCodes(await t.query(CANCEL, { id: orderId }, headers))).toEqual(["CONFLICT"]);
    expect(errorCodes(await t.query(UPDATE, { id: orderId, status: "CANCELLED" }, staff()))).toEqual(["CONFLICT"]);
    expect(fake.refunds.filter((r) => r.paymentId === fake.byKey(orderId)!.id)).toEqual([]);
    expect(await t.db.prisma.orderCompensation.count({ where: { orderId } })).toBe(0);
  });

  it("refunds a delivered order once however often staff repeat the refund", async () => {
    const { orderId } = await customerWithOrder();
    for (const status of ["FULFILLED", "SHIPPED", "DELIVERED"]) await t.query(UPDATE, { id: orderId, status }, staff());
    const answers = await Promise.all([
      t.query(UPDATE, { id: orderId, status: "REFUNDED" }, staff()),
      t.query(UPDATE, { id: orderId, status: "REFUNDED" }, staff()),
    ]);
    for (const answer of answers) expect(answer.data!.updateOrderStatus.status).toBe("REFUNDED");
    expect((await t.query(UPDATE, { id: orderId, status: "REFUNDED" }, staff())).data!.updateOrderStatus.status).toBe("REFUNDED");
    expect(fake.refunds.filter((r) => r.key === `refund:${orderId}`)).toHaveLength(1);
    expect(await t.db.prisma.orderStatusChange.count({ where: { orderId, toStatus: "REFUNDED" } })).toBe(1);
  });
});

describe("GDPR erasure", () => {
  it("anonymises the shipping addresses of a deleted user once, keeping the orders", async () => {
    const { orderId, userId } = await customerWithOrder();
    const handle = userDeletedHandler(t.db.pool, new OrderRepository(t.db));
    const event = createEvent("users", "UserDeleted", { userId });
    await handle(event);
    await handle(event);
    const order = await t.db.prisma.order.findUnique({ where: { id: orderId } });
    expect(order!.shippingAddress).toMatchObject({ fullName: "Deleted customer", line1: "Removed", country: "US" });
    expect(order!.totalAmount).toBe(12900);
    expect(await t.db.prisma.processedEvent.count({ where: { eventId: event.id } })).toBe(1);
  });
});

describe("POST /internal/orders/owner", () => {
  const owner = (orderId: string, secret = TEST_INTERNAL_SECRET) =>
    internalClient(new URL(t.url).origin, secret).post<Record<string, unknown>>(ordersApi.orderOwner.path, { orderId });

  it("answers who placed an order, 404 for an order that does not exist, and only with the internal secret", async () => {
    const { orderId, userId } = await customerWithOrder();
    expect(await owner(orderId.toUpperCase())).toEqual({ status: 200, body: { orderId, userId } });
    expect((await owner(randomUUID())).status).toBe(404);
    expect((await owner(orderId, "not-the-internal-secret")).status).toBe(401);
  });
});
