import { randomUUID } from "node:crypto";
import { errorCodes, eventually } from "@amazoff/kit/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createFakePeers, type FakePeers } from "./fake-peers.ts";
import { createTestServer, type OrdersTestServer } from "./test-server.ts";

const CHECKOUT = /* GraphQL */ `
  mutation Checkout($input: CheckoutInput!) {
    checkout(input: $input) {
      __typename
      ... on Order { id status total { amount currency } items { sku quantity unitPrice { amount } lineTotal { amount } } statusHistory { from to } }
      ... on CheckoutError { errorCode message }
      ... on OutOfStockError { items { product { id } requested available } }
      ... on PaymentDeclinedError { reason }
      ... on CheckoutFailedError { retryable }
    }
  }
`;

const GOOD_CARD = { number: "4242 4242 4242 4242", expMonth: 12, expYear: 2030, cvc: "123" };
const LAMP = "0b8d1e6a-1111-4111-8111-000000000001";
const DESK = "0b8d1e6a-1111-4111-8111-000000000002";

let fake: FakePeers;
let t: OrdersTestServer;

beforeAll(async () => {
  fake = createFakePeers();
  t = await createTestServer({ peers: fake.peers });
});
afterAll(() => t?.stop());

/** A customer with a cart (2 lamps, 1 desk) and one address. */
function customer(
  items = [
    { productId: LAMP, quantity: 2 },
    { productId: DESK, quantity: 1 },
  ],
) {
  const userId = randomUUID();
  const addressId = randomUUID();
  fake.carts.set(userId, items);
  fake.addresses.set(
    userId,
    new Map([
      [
        addressId,
        {
          fullName: "Ada Lovelace",
          line1: "1 Analytical St",
          line2: null,
          city: "London",
          postalCode: "N1 1AA",
          region: null,
          country: "GB",
        },
      ],
    ]),
  );
  const headers = t.issuer.headers(userId, "CUSTOMER");
  const checkout = (overrides: Record<string, unknown> = {}) =>
    t.query(
      CHECKOUT,
      { input: { shippingAddressId: addressId, paymentMethod: GOOD_CARD, idempotencyKey: `key-${randomUUID()}`, ...overrides } },
      headers,
    );
  return { userId, addressId, headers, checkout };
}

beforeEach(() => {
  fake.calls.length = 0;
  fake.requestIds.length = 0;
  fake.fail.clear();
  fake.products.set(LAMP, { productId: LAMP, sku: "LAMP-1", name: "Desk Lamp", price: { amount: 2999, currency: "USD" } });
  fake.products.set(DESK, { productId: DESK, sku: "DESK-1", name: "Standing Desk", price: { amount: 49900, currency: "USD" } });
  fake.stock.set(LAMP, 100);
  fake.stock.set(DESK, 100);
});

async function sagaOf(userId: string) {
  return t.db.prisma.checkoutSaga.findMany({ where: { userId } });
}

describe("checkout saga", () => {
  it("reserves, authorizes, creates the order with a price snapshot, captures, commits and clears the cart", async () => {
    const c = customer();
    const response = await c.checkout();
    expect(response.errors).toBeUndefined();
    const order = response.data!.checkout;
    expect(order).toMatchObject({ __typename: "Order", status: "PAID", total: { amount: 2 * 2999 + 49900, currency: "USD" } });
    expect(order.items).toEqual([
      { sku: "LAMP-1", quantity: 2, unitPrice: { amount: 2999 }, lineTotal: { amount: 5998 } },
      { sku: "DESK-1", quantity: 1, unitPrice: { amount: 49900 }, lineTotal: { amount: 49900 } },
    ]);
    expect(order.statusHistory).toEqual([
      { from: null, to: "PENDING_PAYMENT" },
      { from: "PENDING_PAYMENT", to: "PAID" },
    ]);
    expect(fake.calls).toEqual([
      "cart.items",
      "users.address",
      "catalog.snapshot",
      "inventory.reserve",
      "payments.authorize",
      "payments.capture",
      "inventory.commit",
      "cart.clear",
    ]);
    expect(fake.reservations.get(order.id)?.status).toBe("COMMITTED");
    expect([...fake.payments.values()].find((p) => p.key === order.id)?.status).toBe("CAPTURED");
    expect(fake.cleared).toContainEqual({ userId: c.userId, orderId: order.id });
    const [saga] = await sagaOf(c.userId);
    expect(saga!.state).toBe("COMPLETED");
    const events = await t.db.prisma.outboxEvent.findMany({
      where: { payload: { path: ["payload", "orderId"], equals: order.id } },
      orderBy: { occurredAt: "asc" },
    });
    expect(events.map((e) => e.type)).toEqual(["OrderPlaced", "OrderStatusChanged"]);
  });

  it("keeps the prices of checkout time when the catalog changes later", async () => {
    const c = customer([{ productId: LAMP, quantity: 1 }]);
    const order = (await c.checkout()).data!.checkout;
    fake.products.set(LAMP, { productId: LAMP, sku: "LAMP-1", name: "Desk Lamp", price: { amount: 9999, currency: "USD" } });
    const again = await t.query(
      `query($id: ID!) { order(id: $id) { total { amount } items { unitPrice { amount } } } }`,
      { id: order.id },
      c.headers,
    );
    expect(again.data!.order).toEqual({ total: { amount: 2999 }, items: [{ unitPrice: { amount: 2999 } }] });
  });

  it("answers EmptyCartError for an empty cart, touching nothing", async () => {
    const c = customer([]);
    expect((await c.checkout()).data!.checkout).toMatchObject({ __typename: "EmptyCartError", errorCode: "EMPTY_CART" });
    expect(fake.calls).toEqual(["cart.items"]);
    expect(await t.db.prisma.order.count({ where: { userId: c.userId } })).toBe(0);
  });

  it("answers InvalidAddressError for an address that is not the customer's", async () => {
    const c = customer();
    const other = customer();
    const response = await c.checkout({ shippingAddressId: other.addressId });
    expect(response.data!.checkout).toMatchObject({ __typename: "InvalidAddressError", errorCode: "INVALID_ADDRESS" });
    expect(fake.calls).not.toContain("inventory.reserve");
    expect(fake.calls).not.toContain("payments.authorize");
  });

  it("answers OutOfStockError with the short items, and never charges", async () => {
    const c = customer([{ productId: LAMP, quantity: 5 }]);
    fake.stock.set(LAMP, 3);
    const response = await c.checkout();
    expect(response.data!.checkout).toMatchObject({
      __typename: "OutOfStockError",
      errorCode: "OUT_OF_STOCK",
      items: [{ product: { id: LAMP }, requested: 5, available: 3 }],
    });
    expect(fake.calls).not.toContain("payments.authorize");
    expect(fake.stock.get(LAMP)).toBe(3);
    expect((await sagaOf(c.userId))[0]!.state).toBe("FAILED");
  });

  it.each([
    ["4000 0000 0000 0002", "card_declined"],
    ["4000000000009995", "insufficient_funds"],
    ["4000000000000119", "provider_timeout"],
  ])("answers PaymentDeclinedError for card %s (%s): stock released, payment voided, no order", async (number, reason) => {
    const c = customer([{ productId: LAMP, quantity: 4 }]);
    const response = await c.checkout({ paymentMethod: { ...GOOD_CARD, number } });
    expect(response.data!.checkout).toMatchObject({ __typename: "PaymentDeclinedError", errorCode: "PAYMENT_DECLINED", reason });
    expect(fake.stock.get(LAMP)).toBe(100);
    expect(fake.calls).toContain("payments.void");
    expect(fake.calls).toContain("inventory.release");
    expect(await t.db.prisma.order.count({ where: { userId: c.userId } })).toBe(0);
    expect(fake.cleared.some((x) => x.userId === c.userId)).toBe(false);
  });

  it("gives one order and one charge for the same checkout sent 5 times at once", async () => {
    const c = customer();
    const idempotencyKey = `key-${randomUUID()}`;
    const responses = await Promise.all(Array.from({ length: 5 }, () => c.checkout({ idempotencyKey })));
    const ids = new Set(responses.map((r) => r.data!.checkout.id));
    expect(ids.size).toBe(1);
    expect(fake.calls.filter((x) => x === "payments.authorize")).toHaveLength(1);
    expect(await t.db.prisma.order.count({ where: { userId: c.userId } })).toBe(1);
    // and again later, after it finished
    expect((await c.checkout({ idempotencyKey })).data!.checkout.id).toBe([...ids][0]);
  });

  it("refuses the same key for a different checkout with CONFLICT", async () => {
    const c = customer();
    const idempotencyKey = `key-${randomUUID()}`;
    await c.checkout({ idempotencyKey });
    const second = await c.checkout({ idempotencyKey, paymentMethod: { ...GOOD_CARD, number: "5555555555554444" } });
    expect(errorCodes(second)).toEqual(["CONFLICT"]);
  });

  it("reports an unexpected failure as a retryable CheckoutFailedError (not a card decline), undone, and the same key then buys", async () => {
    const c = customer([{ productId: LAMP, quantity: 2 }]);
    const idempotencyKey = `key-${randomUUID()}`;
    fake.fail.add("payments.authorize");
    const failed = await c.checkout({ idempotencyKey });
    expect(failed.errors).toBeUndefined();
    expect(failed.data!.checkout).toMatchObject({ __typename: "CheckoutFailedError", errorCode: "CHECKOUT_FAILED", retryable: true });
    expect(JSON.stringify(failed.data)).not.toMatch(/unavailable|payments\./);
    expect(fake.stock.get(LAMP)).toBe(100);
    expect((await sagaOf(c.userId))[0]).toMatchObject({ state: "FAILED", failureCode: "CHECKOUT_FAILED" });

    // The payments service is back: the same key tries again, as a new attempt.
    fake.fail.clear();
    const retried = await c.checkout({ idempotencyKey });
    expect(retried.data!.checkout).toMatchObject({ __typename: "Order", status: "PAID" });
    expect(fake.stock.get(LAMP)).toBe(98);
    const sagas = await sagaOf(c.userId);
    expect(sagas).toHaveLength(1);
    expect(sagas[0]).toMatchObject({ id: retried.data!.checkout.id, state: "COMPLETED", idempotencyKey });
    // And once more: the same order, not a third attempt.
    expect((await c.checkout({ idempotencyKey })).data!.checkout.id).toBe(retried.data!.checkout.id);
  });

  it("names the lines of an order whose stock hold expired before the capture, and refunds it", async () => {
    const c = customer([
      { productId: LAMP, quantity: 2 },
      { productId: DESK, quantity: 1 },
    ]);
    const open = fake.gate("payments.capture");
    const pending = c.checkout();
    await eventually(async () => expect(fake.calls).toContain("payments.capture"));
    const [saga] = await sagaOf(c.userId);
    fake.expire(saga!.id);
    open();
    const response = await pending;
    expect(response.data!.checkout).toEqual({
      __typename: "OutOfStockError",
      errorCode: "OUT_OF_STOCK",
      message: expect.stringMatching(/expired/),
      items: [
        { product: { id: LAMP }, requested: 2, available: 100 },
        { product: { id: DESK }, requested: 1, available: 100 },
      ],
    });
    expect(fake.refunds).toEqual([{ paymentId: fake.byKey(saga!.id)!.id, key: `checkout:${saga!.id}` }]);
    expect((await t.db.prisma.order.findUnique({ where: { id: saga!.id } }))!.status).toBe("CANCELLED");
    expect((await sagaOf(c.userId))[0]!.state).toBe("FAILED");
    expect(fake.cleared.some((x) => x.orderId === saga!.id)).toBe(false);
  });

  it("carries the request id to every peer call of a checkout", async () => {
    const c = customer();
    const requestId = `trace-${randomUUID()}`;
    const response = await t.query(
      CHECKOUT,
      { input: { shippingAddressId: c.addressId, paymentMethod: GOOD_CARD, idempotencyKey: `key-${randomUUID()}` } },
      { ...c.headers, "x-request-id": requestId },
    );
    expect(response.data!.checkout.__typename).toBe("Order");
    expect(fake.requestIds.map((r) => r.call)).toHaveLength(8);
    expect(new Set(fake.requestIds.map((r) => r.requestId))).toEqual(new Set([requestId]));
  });

  it.each([
    [{ shippingAddressId: "nope" }, "input.shippingAddressId"],
    [{ idempotencyKey: "short" }, "input.idempotencyKey"],
    [{ paymentMethod: { ...GOOD_CARD, number: "12ab" } }, "input.paymentMethod.number"],
    [{ paymentMethod: { ...GOOD_CARD, expMonth: 13 } }, "input.paymentMethod.expMonth"],
    [{ paymentMethod: { ...GOOD_CARD, cvc: "1" } }, "input.paymentMethod.cvc"],
  ])("rejects %j with BAD_USER_INPUT and writes nothing", async (overrides, field) => {
    const c = customer();
    const response = await c.checkout(overrides);
    expect(errorCodes(response)).toEqual(["BAD_USER_INPUT"]);
    expect(response.errors![0]!.extensions!.field).toBe(field);
    expect(await sagaOf(c.userId)).toEqual([]);
  });

  it("requires a signed-in customer", async () => {
    const anonymous = await t.query(CHECKOUT, {
      input: { shippingAddressId: randomUUID(), paymentMethod: GOOD_CARD, idempotencyKey: "key-12345678" },
    });
    expect(errorCodes(anonymous)).toEqual(["UNAUTHENTICATED"]);
    const partner = await t.query(
      CHECKOUT,
      { input: { shippingAddressId: randomUUID(), paymentMethod: GOOD_CARD, idempotencyKey: "key-12345678" } },
      t.issuer.headers(randomUUID(), "PARTNER"),
    );
    expect(errorCodes(partner)).toEqual(["FORBIDDEN"]);
  });
});

describe("saga recovery", () => {
  async function abandoned(state: "STOCK_RESERVED" | "PAYMENT_AUTHORIZED" | "ORDER_CREATED") {
    const c = customer([{ productId: LAMP, quantity: 1 }]);
    const id = randomUUID();
    // What a process that died at `state` leaves behind, with its lease already expired.
    const dead = { requestId: "the-dead-process" };
    await fake.peers.inventory.reserve(dead, {
      reservationId: id,
      userId: c.userId,
      items: [{ productId: LAMP, quantity: 1 }],
      ttlSeconds: 900,
    });
    const auth =
      state === "STOCK_RESERVED"
        ? undefined
        : await fake.peers.payments.authorize(dead, {
            idempotencyKey: id,
            orderRef: id,
            userId: c.userId,
            amount: { amount: 2999, currency: "USD" },
            paymentMethod: { type: "card", ...GOOD_CARD, number: "4242424242424242" },
          });
    const paymentId = auth?.status === "AUTHORIZED" ? auth.paymentId : null;
    const lines = [{ productId: LAMP, sku: "LAMP-1", name: "Desk Lamp", unitPrice: 2999, quantity: 1, lineTotal: 2999, position: 0 }];
    const address = { fullName: "Ada", line1: "1 St", line2: null, city: "London", postalCode: "N1", region: null, country: "GB" };
    await t.db.prisma.checkoutSaga.create({
      data: {
        id,
        userId: c.userId,
        idempotencyKey: `key-${id}`,
        fingerprint: "x",
        state: state === "ORDER_CREATED" ? "PAYMENT_AUTHORIZED" : state,
        lines,
        address,
        currency: "USD",
        totalAmount: 2999,
        paymentId,
        leaseUntil: new Date(Date.now() - 1000),
      },
    });
    if (state === "ORDER_CREATED") {
      await (await import("../src/orders/order.repository.ts")).OrderRepository.prototype.createForSaga.call(
        new (await import("../src/orders/order.repository.ts")).OrderRepository(t.db),
        { id, userId: c.userId, currency: "USD", lines, shippingAddress: address, paymentId: paymentId! },
      );
      await t.db.prisma.checkoutSaga.update({ where: { id }, data: { leaseUntil: new Date(Date.now() - 1000) } });
    }
    return { id, userId: c.userId, customer: c };
  }

  it("voids the payment and releases the stock of a checkout that died after authorizing", async () => {
    const { id } = await abandoned("PAYMENT_AUTHORIZED");
    expect(fake.stock.get(LAMP)).toBe(99);
    await t.server.recovery.runOnce();
    expect([...fake.payments.values()].find((p) => p.key === id)?.status).toBe("VOIDED");
    expect(fake.reservations.get(id)?.status).toBe("RELEASED");
    expect(fake.stock.get(LAMP)).toBe(100);
    expect((await t.db.prisma.checkoutSaga.findUnique({ where: { id } }))!.state).toBe("FAILED");
    expect(await t.db.prisma.order.count({ where: { id } })).toBe(0);
  });

  it("leaves a void tombstone so a late authorization for a dead checkout is refused", async () => {
    const { id } = await abandoned("STOCK_RESERVED");
    await t.server.recovery.runOnce();
    expect(fake.voidedKeys.has(id)).toBe(true);
    expect(fake.reservations.get(id)?.status).toBe("RELEASED");
  });

  it("finishes a checkout that died after creating its order: captured, committed, paid", async () => {
    const { id } = await abandoned("ORDER_CREATED");
    await t.server.recovery.runOnce();
    const order = await t.db.prisma.order.findUnique({ where: { id } });
    expect(order!.status).toBe("PAID");
    expect([...fake.payments.values()].find((p) => p.key === id)?.status).toBe("CAPTURED");
    expect(fake.reservations.get(id)?.status).toBe("COMMITTED");
    expect((await t.db.prisma.checkoutSaga.findUnique({ where: { id } }))!.state).toBe("COMPLETED");
  });

  it("keeps the cart of a checkout that died claimed until recovery undid it, then lets the customer buy", async () => {
    const { customer: c } = await abandoned("PAYMENT_AUTHORIZED");
    expect((await c.checkout()).data!.checkout).toMatchObject({ __typename: "CheckoutInProgressError" });
    await t.server.recovery.runOnce();
    expect((await c.checkout()).data!.checkout).toMatchObject({ __typename: "Order", status: "PAID" });
  });

  it("calls the peers with recovery:<saga id> as the request id", async () => {
    const { id } = await abandoned("ORDER_CREATED");
    fake.requestIds.length = 0;
    await t.server.recovery.runOnce();
    expect(fake.requestIds.map((r) => r.call)).toEqual(["payments.capture", "inventory.commit", "cart.clear"]);
    expect(new Set(fake.requestIds.map((r) => r.requestId))).toEqual(new Set([`recovery:${id}`]));
  });

  it("does not touch a saga whose lease is still held", async () => {
    const { id } = await abandoned("PAYMENT_AUTHORIZED");
    await t.db.prisma.checkoutSaga.update({ where: { id }, data: { leaseUntil: new Date(Date.now() + 60_000) } });
    await t.server.recovery.runOnce();
    expect((await t.db.prisma.checkoutSaga.findUnique({ where: { id } }))!.state).toBe("PAYMENT_AUTHORIZED");
  });
});

describe("one checkout per cart", () => {
  const authorizations = () => fake.calls.filter((x) => x === "payments.authorize").length;

  it("answers CHECKOUT_IN_PROGRESS to a checkout with another key while one is under way, and charges once", async () => {
    const c = customer();
    const open = fake.gate("payments.authorize");
    const first = c.checkout();
    await eventually(async () => expect(fake.calls).toContain("payments.authorize"));
    const second = await c.checkout();
    expect(second.data!.checkout).toMatchObject({ __typename: "CheckoutInProgressError", errorCode: "CHECKOUT_IN_PROGRESS" });
    open();
    expect((await first).data!.checkout).toMatchObject({ __typename: "Order", status: "PAID" });
    expect(authorizations()).toBe(1);
    expect(await t.db.prisma.checkoutSaga.count({ where: { userId: c.userId } })).toBe(1);
  });

  it("gives 1 order and 1 authorization for 10 checkouts of one cart sent at once with 10 keys", async () => {
    const c = customer();
    const responses = await Promise.all(Array.from({ length: 10 }, () => c.checkout()));
    const kinds = responses.map((r) => r.data?.checkout?.__typename ?? JSON.stringify(r.errors));
    expect(kinds.filter((k) => k === "Order")).toHaveLength(1);
    for (const kind of kinds.filter((k) => k !== "Order")) expect(["CheckoutInProgressError", "EmptyCartError"]).toContain(kind);
    expect(authorizations()).toBe(1);
    expect(await t.db.prisma.order.count({ where: { userId: c.userId } })).toBe(1);
  });

  it("keeps the cart claimed while the bought lines could not be taken out of it; recovery takes them out", async () => {
    const c = customer([{ productId: LAMP, quantity: 1 }]);
    fake.fail.add("cart.clear");
    const first = await c.checkout();
    // The customer has the order; the checkout stays open until its lines leave the cart.
    expect(first.data!.checkout).toMatchObject({ __typename: "Order", status: "PAID" });
    expect((await sagaOf(c.userId))[0]!.state).toBe("STOCK_COMMITTED");
    expect(fake.carts.get(c.userId)).toEqual([{ productId: LAMP, quantity: 1 }]);

    // A second checkout of the same lines, with a new key, must not charge for them again.
    expect((await c.checkout()).data!.checkout).toMatchObject({ __typename: "CheckoutInProgressError" });

    fake.fail.clear();
    await t.db.prisma.checkoutSaga.updateMany({ where: { userId: c.userId }, data: { leaseUntil: new Date(Date.now() - 1000) } });
    await t.server.recovery.runOnce();
    expect((await sagaOf(c.userId))[0]!.state).toBe("COMPLETED");
    expect(fake.carts.get(c.userId)).toEqual([]);
    expect((await c.checkout()).data!.checkout).toMatchObject({ __typename: "EmptyCartError" });
    expect(authorizations()).toBe(1);
  });
});
