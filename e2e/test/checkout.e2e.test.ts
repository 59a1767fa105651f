import { randomUUID } from "node:crypto";
import { errorCodes } from "@amazoff/kit/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "./helpers.ts";
import { startPlatform, type Platform } from "./platform.ts";
import { addToCart, checkout, GOOD_CARD, newShopper, pool, productWithStock, signIn, type Shopper } from "./shoppers.ts";

/*
 * Checkout across the real subgraphs (users, catalog, inventory, cart, orders, payments) through
 * the router, on real databases: overselling, idempotency, every failure path.
 */
let platform: Platform;
let sql: Record<"inventory" | "payments" | "orders" | "cart", pg.Pool>;

beforeAll(async () => {
  platform = await startPlatform({ products: 30 });
  sql = {
    inventory: new pg.Pool({ connectionString: platform.databases.inventory.url, max: 2 }),
    payments: new pg.Pool({ connectionString: platform.databases.payments.url, max: 2 }),
    orders: new pg.Pool({ connectionString: platform.databases.orders.url, max: 2 }),
    cart: new pg.Pool({ connectionString: platform.databases.cart.url, max: 2 }),
  };
}, 180_000);

afterAll(async () => {
  await Promise.all(Object.values(sql ?? {}).map((p) => p.end()));
  await platform?.stop();
});

async function stock(productId: string) {
  const { rows } = await sql.inventory.query<{ on_hand: number; reserved: number }>(
    "SELECT coalesce(sum(on_hand), 0)::int AS on_hand, coalesce(sum(reserved), 0)::int AS reserved FROM stock_levels WHERE product_id = $1",
    [productId],
  );
  return rows[0]!;
}

async function paymentsOf(userIds: string[]) {
  const { rows } = await sql.payments.query<{ status: string; n: number }>(
    "SELECT status::text, count(*)::int AS n FROM payments WHERE user_id = ANY($1::uuid[]) GROUP BY status",
    [userIds],
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

describe("overselling", () => {
  it("sells exactly the 10 units of a product to 200 concurrent buyers", async () => {
    const productId = await productWithStock(platform, 10);
    const shoppers: Shopper[] = await pool(
      Array.from({ length: 200 }, (_, i) => i),
      8,
      async (i) => {
        const shopper = await newShopper(platform, `10.1.${Math.floor(i / 250)}.${i % 250}`);
        await addToCart(shopper, productId, 1);
        return shopper;
      },
    );

    const results = await Promise.all(shoppers.map((s) => checkout(s)));
    const kinds = results.map((r) => r.data?.checkout?.__typename ?? `error:${JSON.stringify(errorCodes(r))}`);
    const count = (kind: string) => kinds.filter((k) => k === kind).length;
    expect(count("Order"), JSON.stringify([...new Set(kinds)])).toBe(10);
    expect(count("OutOfStockError")).toBe(190);
    for (const r of results.filter((r) => r.data?.checkout?.__typename === "Order")) {
      expect(r.data!.checkout).toMatchObject({ status: "PAID", payment: { status: "CAPTURED" } });
    }

    expect(await stock(productId)).toEqual({ on_hand: 0, reserved: 0 });
    const { rows: negative } = await sql.inventory.query(
      "SELECT 1 FROM stock_levels WHERE on_hand < 0 OR reserved < 0 OR reserved > on_hand",
    );
    expect(negative).toEqual([]);
    const payments = await paymentsOf(shoppers.map((s) => s.userId));
    expect(payments.CAPTURED).toBe(10);
    expect(payments.AUTHORIZED ?? 0).toBe(0);
    const { rows: orders } = await sql.orders.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM orders WHERE user_id = ANY($1::uuid[])",
      [shoppers.map((s) => s.userId)],
    );
    expect(orders[0]!.n).toBe(10);
  });
});

describe("idempotency", () => {
  it("gives one order and one charge for the same checkout sent 5 times at once", async () => {
    const productId = await productWithStock(platform, 5);
    const shopper = await newShopper(platform, "10.2.0.1");
    await addToCart(shopper, productId, 2);
    const idempotencyKey = `retry-${randomUUID()}`;
    const results = await Promise.all(Array.from({ length: 5 }, () => checkout(shopper, { idempotencyKey })));
    const ids = new Set(results.map((r) => r.data?.checkout?.id));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toEqual(expect.any(String));
    expect(await paymentsOf([shopper.userId])).toEqual({ CAPTURED: 1 });
    expect(await stock(productId)).toEqual({ on_hand: 3, reserved: 0 });
  });
});

describe("one order per cart", () => {
  it("gives 1 order and 1 capture for 10 checkouts of one cart sent at once with 10 different keys", async () => {
    const productId = await productWithStock(platform, 50);
    const shopper = await newShopper(platform, "10.2.1.1");
    await addToCart(shopper, productId, 2);
    // A double-click, two tabs, a retried mobile request: each attempt with a key of its own.
    const results = await Promise.all(Array.from({ length: 10 }, () => checkout(shopper)));
    const outcomes = results.map((r) =>
      r.data?.checkout?.__typename === "Order"
        ? `Order:${r.data.checkout.id}`
        : (r.data?.checkout?.errorCode ?? `error:${JSON.stringify(errorCodes(r))}`),
    );
    const orders = new Set(outcomes.filter((o) => o.startsWith("Order:")));
    expect(orders.size, JSON.stringify(outcomes)).toBe(1);
    for (const outcome of outcomes.filter((o) => !o.startsWith("Order:")))
      expect(["CHECKOUT_IN_PROGRESS", "EMPTY_CART"]).toContain(outcome);

    expect(await paymentsOf([shopper.userId])).toEqual({ CAPTURED: 1 });
    const { rows } = await sql.orders.query<{ n: number }>("SELECT count(*)::int AS n FROM orders WHERE user_id = $1", [shopper.userId]);
    expect(rows[0]!.n).toBe(1);
    expect(await stock(productId)).toEqual({ on_hand: 48, reserved: 0 });
    const cart = await shopper.client(`{ cart { itemCount } }`);
    expect(cart.data!.cart.itemCount).toBe(0);
  });

  it("lets the customer check out again once the first checkout is over", async () => {
    const productId = await productWithStock(platform, 10);
    const shopper = await newShopper(platform, "10.2.1.2");
    await addToCart(shopper, productId, 1);
    expect((await checkout(shopper)).data!.checkout.__typename).toBe("Order");
    expect((await checkout(shopper)).data!.checkout).toMatchObject({ __typename: "EmptyCartError", errorCode: "EMPTY_CART" });
    await addToCart(shopper, productId, 1);
    expect((await checkout(shopper)).data!.checkout.__typename).toBe("Order");
    expect(await paymentsOf([shopper.userId])).toEqual({ CAPTURED: 2 });
  });
});

describe("cancelling a paid order", () => {
  const CANCEL = `mutation($id: ID!) { cancelOrder(id: $id) { id status } }`;
  const MOVE = `mutation($id: ID!, $status: OrderStatus!) { updateOrderStatus(id: $id, status: $status) { id status } }`;

  async function refundsOf(orderId: string) {
    const { rows } = await sql.payments.query<{ n: number; amount: number }>(
      "SELECT count(r.*)::int AS n, coalesce(sum(r.amount), 0)::int AS amount FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE p.order_ref = $1",
      [orderId],
    );
    return rows[0]!;
  }

  async function paidOrder(productId: string, shopper: Shopper) {
    await addToCart(shopper, productId, 1);
    const placed = (await checkout(shopper)).data!.checkout;
    expect(placed).toMatchObject({ __typename: "Order", status: "PAID" });
    return placed.id as string;
  }

  it("a cancel racing a ship either wins (money and stock back once) or loses (nothing refunded)", async () => {
    const productId = await productWithStock(platform, 20, 1500);
    const staff = await signIn(platform, "EMPLOYEE");
    const shoppers = await pool(
      Array.from({ length: 8 }, (_, i) => i),
      4,
      (i) => newShopper(platform, `10.5.0.${i + 1}`),
    );
    const orderIds: string[] = [];
    for (const shopper of shoppers) {
      const id = await paidOrder(productId, shopper);
      expect((await staff(MOVE, { id, status: "FULFILLED" })).data!.updateOrderStatus.status).toBe("FULFILLED");
      orderIds.push(id);
    }
    await Promise.all(orderIds.map((id, i) => Promise.all([shoppers[i]!.client(CANCEL, { id }), staff(MOVE, { id, status: "SHIPPED" })])));

    let cancelled = 0;
    for (const id of orderIds) {
      const { rows } = await sql.orders.query<{ status: string }>("SELECT status::text FROM orders WHERE id = $1", [id]);
      const refunds = await refundsOf(id);
      if (rows[0]!.status === "CANCELLED") {
        cancelled += 1;
        expect(refunds).toEqual({ n: 1, amount: 1500 });
      } else {
        expect(rows[0]!.status).toBe("SHIPPED");
        expect(refunds).toEqual({ n: 0, amount: 0 });
      }
    }
    // Every cancelled order's unit went back on the shelf, and only those.
    expect(await stock(productId)).toEqual({ on_hand: 20 - orderIds.length + cancelled, reserved: 0 });
  });

  it("a cancel repeated or sent twice at once refunds and restocks once, and answers the cancelled order each time", async () => {
    const productId = await productWithStock(platform, 5, 2200);
    const shopper = await newShopper(platform, "10.5.1.1");
    const id = await paidOrder(productId, shopper);
    const answers = await Promise.all([shopper.client(CANCEL, { id }), shopper.client(CANCEL, { id })]);
    const again = await shopper.client(CANCEL, { id });
    for (const answer of [...answers, again])
      expect(answer.data?.cancelOrder, JSON.stringify(answer.errors)).toEqual({ id, status: "CANCELLED" });
    expect(await refundsOf(id)).toEqual({ n: 1, amount: 2200 });
    expect(await stock(productId)).toEqual({ on_hand: 5, reserved: 0 });
  });

  it("a staff refund of a delivered order, repeated, refunds once", async () => {
    const productId = await productWithStock(platform, 5, 3100);
    const shopper = await newShopper(platform, "10.5.2.1");
    const staff = await signIn(platform, "EMPLOYEE");
    const id = await paidOrder(productId, shopper);
    for (const status of ["FULFILLED", "SHIPPED", "DELIVERED"]) await staff(MOVE, { id, status });
    const answers = await Promise.all([staff(MOVE, { id, status: "REFUNDED" }), staff(MOVE, { id, status: "REFUNDED" })]);
    for (const answer of answers) expect(answer.data?.updateOrderStatus, JSON.stringify(answer.errors)).toEqual({ id, status: "REFUNDED" });
    expect(await refundsOf(id)).toEqual({ n: 1, amount: 3100 });
  });
});

describe("failures leave nothing behind", () => {
  async function shopperWithCart(units = 1) {
    const productId = await productWithStock(platform, 4);
    const shopper = await newShopper(platform, `10.3.0.${Math.floor(Math.random() * 250)}`);
    await addToCart(shopper, productId, units);
    return { shopper, productId };
  }

  async function nothingWritten(shopper: Shopper, productId: string) {
    expect(await stock(productId)).toEqual({ on_hand: 4, reserved: 0 });
    const { rows } = await sql.orders.query("SELECT 1 FROM orders WHERE user_id = $1", [shopper.userId]);
    expect(rows).toEqual([]);
    const payments = await paymentsOf([shopper.userId]);
    expect(payments.CAPTURED ?? 0).toBe(0);
    expect(payments.AUTHORIZED ?? 0).toBe(0);
  }

  it.each([
    ["4000000000000002", "card_declined"],
    ["4000000000009995", "insufficient_funds"],
    ["4000000000000119", "provider_timeout"],
  ])("a card %s (%s) gives PaymentDeclinedError, stock released, nothing charged", async (number, reason) => {
    const { shopper, productId } = await shopperWithCart();
    const response = await checkout(shopper, { paymentMethod: { ...GOOD_CARD, number } });
    expect(response.data!.checkout).toMatchObject({ __typename: "PaymentDeclinedError", errorCode: "PAYMENT_DECLINED", reason });
    await nothingWritten(shopper, productId);
  });

  it("an empty cart gives EmptyCartError", async () => {
    const shopper = await newShopper(platform, "10.3.1.1");
    const response = await checkout(shopper);
    expect(response.data!.checkout).toMatchObject({ __typename: "EmptyCartError", errorCode: "EMPTY_CART" });
  });

  it("another customer's address id gives InvalidAddressError", async () => {
    const { shopper, productId } = await shopperWithCart();
    const other = await newShopper(platform, "10.3.1.2");
    const response = await checkout(shopper, { shippingAddressId: other.addressId });
    expect(response.data!.checkout).toMatchObject({ __typename: "InvalidAddressError", errorCode: "INVALID_ADDRESS" });
    await nothingWritten(shopper, productId);
  });

  it("a negative quantity is refused with BAD_USER_INPUT and the cart is unchanged", async () => {
    const { shopper, productId } = await shopperWithCart(1);
    const response = await shopper.client(`mutation($id: ID!) { addToCart(input: { productId: $id, quantity: -3 }) { itemCount } }`, {
      id: productId,
    });
    expect(errorCodes(response)).toEqual(["BAD_USER_INPUT"]);
    const cart = await shopper.client(`{ cart { itemCount } }`);
    expect(cart.data!.cart.itemCount).toBe(1);
  });

  it("another user's cart cannot be read or changed", async () => {
    const { shopper } = await shopperWithCart(1);
    const other = await newShopper(platform, "10.3.1.3");
    const { rows } = await sql.cart.query<{ id: string }>("SELECT id FROM carts WHERE user_id = $1", [shopper.userId]);
    const cartId = rows[0]!.id;
    const read = await other.client(`query($id: ID) { cart(guestCartId: $id) { itemCount } }`, { id: cartId });
    expect(read.data?.cart ?? null).toBeNull();
    const write = await other.client(`mutation($id: ID) { clearCart(guestCartId: $id) { itemCount } }`, { id: cartId });
    expect(errorCodes(write).length).toBeGreaterThan(0);
    const still = await shopper.client(`{ cart { itemCount } }`);
    expect(still.data!.cart.itemCount).toBe(1);
  });

  it("anonymous and partner callers cannot check out", async () => {
    const anonymous = await platform.query(
      `mutation { checkout(input: { shippingAddressId: "${randomUUID()}", paymentMethod: { number: "4242424242424242", expMonth: 1, expYear: 2030, cvc: "123" }, idempotencyKey: "anon-key-1234" }) { __typename } }`,
    );
    expect(errorCodes(anonymous)).toEqual(["UNAUTHENTICATED"]);
  });
});

describe("a crash in the middle of checkout", () => {
  it.each([
    ["after-reserve", { payments: {}, reserved: 1 }],
    ["after-authorize", { payments: { AUTHORIZED: 1 }, reserved: 1 }],
  ] as const)("%s: leaves no payment authorized without an order and no stock held; the cart is free again", async (fault, left) => {
    const productId = await productWithStock(platform, 3);
    const shopper = await newShopper(platform, `10.4.0.${fault.length}`);
    await addToCart(shopper, productId, 1);

    // Orders as a separate process that dies right after the step.
    const crashing = await platform.restartOrders({ ORDERS_FAULT: fault, SAGA_LEASE_MS: "1500" });
    const response = await checkout(shopper).catch((error: unknown) => error);
    await crashing.exited;
    expect(crashing.child.signalCode).toBe("SIGKILL");
    expect(response instanceof Error || errorCodes(response as never).length > 0).toBe(true);
    expect(await paymentsOf([shopper.userId])).toEqual(left.payments);
    expect((await stock(productId)).reserved).toBe(left.reserved);

    // A new orders process finds the abandoned checkout once its lease runs out and undoes it.
    const recovered = await platform.restartOrders({ SAGA_LEASE_MS: "1500" });
    await eventually(async () => {
      const { rows } = await sql.orders.query<{ state: string }>("SELECT state::text FROM checkout_sagas WHERE user_id = $1", [
        shopper.userId,
      ]);
      if (rows[0]?.state !== "FAILED") throw new Error(`saga still ${rows[0]?.state}`);
    }, 30_000);
    const payments = await paymentsOf([shopper.userId]);
    expect(payments.AUTHORIZED ?? 0).toBe(0);
    expect(payments.CAPTURED ?? 0).toBe(0);
    expect(await stock(productId)).toEqual({ on_hand: 3, reserved: 0 });
    expect(recovered.output()).toContain("recovered checkout");
    expect(recovered.output()).toContain(`"requestId":"recovery:`);

    // The claim on the cart ended with the saga: the customer can buy again.
    const again = await checkout(shopper);
    expect(again.data!.checkout).toMatchObject({ __typename: "Order", status: "PAID" });
  });

  it("after-order: the next orders process finishes the checkout (captured, stock sold, paid, cart emptied)", async () => {
    const productId = await productWithStock(platform, 3);
    const shopper = await newShopper(platform, "10.4.1.1");
    await addToCart(shopper, productId, 2);

    const crashing = await platform.restartOrders({ ORDERS_FAULT: "after-order", SAGA_LEASE_MS: "1500" });
    await checkout(shopper).catch((error: unknown) => error);
    await crashing.exited;
    expect(crashing.child.signalCode).toBe("SIGKILL");
    expect(await paymentsOf([shopper.userId])).toEqual({ AUTHORIZED: 1 });

    await platform.restartOrders({ SAGA_LEASE_MS: "1500" });
    await eventually(async () => {
      const { rows } = await sql.orders.query<{ state: string }>("SELECT state::text FROM checkout_sagas WHERE user_id = $1", [
        shopper.userId,
      ]);
      if (rows[0]?.state !== "COMPLETED") throw new Error(`saga still ${rows[0]?.state}`);
    }, 30_000);
    expect(await paymentsOf([shopper.userId])).toEqual({ CAPTURED: 1 });
    expect(await stock(productId)).toEqual({ on_hand: 1, reserved: 0 });
    const { rows } = await sql.orders.query<{ status: string }>("SELECT status::text FROM orders WHERE user_id = $1", [shopper.userId]);
    expect(rows).toEqual([{ status: "PAID" }]);
    expect((await shopper.client(`{ cart { itemCount } }`)).data!.cart.itemCount).toBe(0);
  });
});
