import { randomUUID } from "node:crypto";
import { errorCodes } from "@amazoff/kit/testing";
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
function customer(items = [{ productId: LAMP, quantity: 2 }, { productId: DESK, quantity: 1 }]) {
  const userId = randomUUID();
  const addressId = randomUUID();
  fake.carts.set(userId, items);
  fake.addresses.set(userId, new Map([[addressId, { fullName: "Ada Lovelace", line1: "1 Analytical St", line2: null, city: "London", postalCode: "N1 1AA", region: null, country: "GB" }]]));
  const headers = t.issuer.headers(userId, "CUSTOMER");
  const checkout = (overrides: Record<string, unknown> = {}) =>
    t.query(CHECKOUT, { input: { shippingAddressId: addressId, paymentMethod: GOOD_CARD, idempotencyKey: `key-${randomUUID()}`, ...overrides } }, headers);
  return { userId, addressId, headers, checkout };
}

beforeEach(() => {
  fake.calls.length = 0;
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
    expect(order.statusHistory).toEqual([{ from: null, to: "PENDING_PAYMENT" }, { from: "PENDING_PAYMENT", to: "PAID" }]);
    expect(fake.calls).toEqual(["cart.items", "users.address", "catalog.snapshot", "inventory.reserve", "payments.authorize", "payments.capture", "inventory.commit", "cart.clear"]);
    expect(fake.reservations.get(order.id)?.status).toBe("COMMITTED");
    expect([...fake.payments.values()].find((p) => p.key === order.id)?.status).toBe("CAPTURED");
    expect(fake.cleared).toContainEqual({ userId: c.userId, orderId: order.id });
    const [saga] = await sagaOf(c.userId);
    expect(saga!.state).toBe("COMPLETED");
    const events = await t.db.prisma.outboxEvent.findMany({ where: { payload: { path: ["payload", "orderId"], equals: order.id } }, orderBy: { occurredAt: "asc" } });
    expect(events.map((e) => e.type)).toEqual(["OrderPlaced", "OrderStatusChanged"]);
  });

  it("keeps the prices of checkout time when the catalog changes later", async () => {
    const c = customer([{ productId: LAMP, quantity: 1 }]);
    const order = (await c.checkout()).data!.checkout;
    fake.products.set(LAMP, { productId: LAMP, sku: "LAMP-1", name: "Desk Lamp", price: { amount: 9999, currency: "USD" } });
    const again = await t.query(`query($id: ID!) { order(id: $id) { total { amount } items { unitPrice { amount } } } }`, { id: order.id }, c.headers);
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
    expect(response.data!.checkout).toMatchObject({ __typename: "OutOfStockError", errorCode: "OUT_OF_STOCK", items: [{ product: { id: LAMP }, requested: 5, available: 3 }] });
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

  it("undoes the reservation when a peer fails mid-way, and reports a masked INTERNAL error", async () => {
    const c = customer([{ productId: LAMP, quantity: 2 }]);
    fake.fail.add("payments.authorize");
    const response = await c.checkout();
    expect(errorCodes(response)).toEqual(["INTERNAL"]);
    expect(JSON.stringify(response.errors)).not.toMatch(/unavailable|payments/);
    expect(fake.stock.get(LAMP)).toBe(100);
    expect((await sagaOf(c.userId))[0]!.state).toBe("FAILED");
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
    const anonymous = await t.query(CHECKOUT, { input: { shippingAddressId: randomUUID(), paymentMethod: GOOD_CARD, idempotencyKey: "key-12345678" } });
    expect(errorCodes(anonymous)).toEqual(["UNAUTHENTICATED"]);
    const partner = await t.query(CHECKOUT, { input: { shippingAddressId: randomUUID(), paymentMethod: GOOD_CARD, idempotencyKey: "key-12345678" } }, t.issuer.headers(randomUUID(), "PARTNER"));
    expect(errorCodes(partner)).toEqual(["FORBIDDEN"]);
  });
});

describe("saga recovery", () => {
  async function abandoned(state: "STOCK_RESERVED" | "PAYMENT_AUTHORIZED" | "ORDER_CREATED") {
    const c = customer([{ productId: LAMP, quantity: 1 }]);
    const id = randomUUID();
    // What a process that died at `state` leaves behind, with its lease already expired.
    await fake.peers.inventory.reserve(id, c.userId, [{ productId: LAMP, quantity: 1 }], 900);
    const auth = state === "STOCK_RESERVED" ? undefined : await fake.peers.payments.authorize({ idempotencyKey: id, orderRef: id, userId: c.userId, amount: { amount: 2999, currency: "USD" }, paymentMethod: { type: "card", ...GOOD_CARD, number: "4242424242424242" } });
    const paymentId = auth?.status === "AUTHORIZED" ? auth.paymentId : null;
    const lines = [{ productId: LAMP, sku: "LAMP-1", name: "Desk Lamp", unitPrice: 2999, quantity: 1, lineTotal: 2999, position: 0 }];
    const address = { fullName: "Ada", line1: "1 St", line2: null, city: "London", postalCode: "N1", region: null, country: "GB" };
    await t.db.prisma.checkoutSaga.create({
      data: { id, userId: c.userId, idempotencyKey: `key-${id}`, fingerprint: "x", state: state === "ORDER_CREATED" ? "PAYMENT_AUTHORIZED" : state, lines, address, currency: "USD", totalAmount: 2999, paymentId, leaseUntil: new Date(Date.now() - 1000) },
    });
    if (state === "ORDER_CREATED") {
      await (await import("../src/orders/order.repository.ts")).OrderRepository.prototype.createForSaga.call(
        new (await import("../src/orders/order.repository.ts")).OrderRepository(t.db),
        { id, userId: c.userId, currency: "USD", lines, shippingAddress: address, paymentId: paymentId! },
      );
      await t.db.prisma.checkoutSaga.update({ where: { id }, data: { leaseUntil: new Date(Date.now() - 1000) } });
    }
    return { id, userId: c.userId };
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

  it("does not touch a saga whose lease is still held", async () => {
    const { id } = await abandoned("PAYMENT_AUTHORIZED");
    await t.db.prisma.checkoutSaga.update({ where: { id }, data: { leaseUntil: new Date(Date.now() + 60_000) } });
    await t.server.recovery.runOnce();
    expect((await t.db.prisma.checkoutSaga.findUnique({ where: { id } }))!.state).toBe("PAYMENT_AUTHORIZED");
  });
});
