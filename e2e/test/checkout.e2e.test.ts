import { randomUUID } from "node:crypto";
import { errorCodes } from "@amazoff/kit/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "./helpers.ts";
import { startPlatform, type Platform } from "./platform.ts";
import { addToCart, checkout, GOOD_CARD, newShopper, pool, productWithStock, type Shopper } from "./shoppers.ts";

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
  const { rows } = await sql.inventory.query<{ on_hand: number; reserved: number }>("SELECT coalesce(sum(on_hand), 0)::int AS on_hand, coalesce(sum(reserved), 0)::int AS reserved FROM stock_levels WHERE product_id = $1", [productId]);
  return rows[0]!;
}

async function paymentsOf(userIds: string[]) {
  const { rows } = await sql.payments.query<{ status: string; n: number }>("SELECT status::text, count(*)::int AS n FROM payments WHERE user_id = ANY($1::uuid[]) GROUP BY status", [userIds]);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

describe("overselling", () => {
  it("sells exactly the 10 units of a product to 200 concurrent buyers", async () => {
    const productId = await productWithStock(platform, 10);
    const shoppers: Shopper[] = await pool(Array.from({ length: 200 }, (_, i) => i), 8, async (i) => {
      const shopper = await newShopper(platform, `10.1.${Math.floor(i / 250)}.${i % 250}`);
      await addToCart(shopper, productId, 1);
      return shopper;
    });

    const results = await Promise.all(shoppers.map((s) => checkout(s)));
    const kinds = results.map((r) => r.data?.checkout?.__typename ?? `error:${JSON.stringify(errorCodes(r))}`);
    const count = (kind: string) => kinds.filter((k) => k === kind).length;
    expect(count("Order"), JSON.stringify([...new Set(kinds)])).toBe(10);
    expect(count("OutOfStockError")).toBe(190);
    for (const r of results.filter((r) => r.data?.checkout?.__typename === "Order")) {
      expect(r.data!.checkout).toMatchObject({ status: "PAID", payment: { status: "CAPTURED" } });
    }

    expect(await stock(productId)).toEqual({ on_hand: 0, reserved: 0 });
    const { rows: negative } = await sql.inventory.query("SELECT 1 FROM stock_levels WHERE on_hand < 0 OR reserved < 0 OR reserved > on_hand");
    expect(negative).toEqual([]);
    const payments = await paymentsOf(shoppers.map((s) => s.userId));
    expect(payments.CAPTURED).toBe(10);
    expect(payments.AUTHORIZED ?? 0).toBe(0);
    const { rows: orders } = await sql.orders.query<{ n: number }>("SELECT count(*)::int AS n FROM orders WHERE user_id = ANY($1::uuid[])", [shoppers.map((s) => s.userId)]);
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
    const response = await shopper.client(`mutation($id: ID!) { addToCart(input: { productId: $id, quantity: -3 }) { itemCount } }`, { id: productId });
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
    const anonymous = await platform.query(`mutation { checkout(input: { shippingAddressId: "${randomUUID()}", paymentMethod: { number: "4242424242424242", expMonth: 1, expYear: 2030, cvc: "123" }, idempotencyKey: "anon-key-1234" }) { __typename } }`);
    expect(errorCodes(anonymous)).toEqual(["UNAUTHENTICATED"]);
  });
});

describe("a crash in the middle of checkout", () => {
  it("leaves no payment authorized without an order and no reservation past its expiry", async () => {
    const productId = await productWithStock(platform, 3);
    const shopper = await newShopper(platform, "10.4.0.1");
    await addToCart(shopper, productId, 1);

    // Orders as a separate process that dies right after the payment is authorized.
    const crashing = await platform.restartOrders({ ORDERS_FAULT: "after-authorize", SAGA_LEASE_MS: "1500" });
    const response = await checkout(shopper).catch((error: unknown) => error);
    await crashing.exited;
    expect(crashing.child.signalCode).toBe("SIGKILL");
    expect(response instanceof Error || errorCodes(response as never).length > 0).toBe(true);
    const authorized = await paymentsOf([shopper.userId]);
    expect(authorized.AUTHORIZED).toBe(1);
    expect((await stock(productId)).reserved).toBe(1);

    // A new orders process finds the abandoned checkout once its lease runs out and undoes it.
    const recovered = await platform.restartOrders({ SAGA_LEASE_MS: "1500" });
    await eventually(async () => {
      const payments = await paymentsOf([shopper.userId]);
      if (payments.AUTHORIZED) throw new Error(`still authorized: ${JSON.stringify(payments)}`);
      return payments;
    }, 30_000);
    expect(await paymentsOf([shopper.userId])).toEqual({ VOIDED: 1 });
    expect(await stock(productId)).toEqual({ on_hand: 3, reserved: 0 });
    const { rows } = await sql.orders.query<{ state: string }>("SELECT state::text FROM checkout_sagas WHERE user_id = $1", [shopper.userId]);
    expect(rows).toEqual([{ state: "FAILED" }]);
    expect(recovered.output()).toContain("recovered checkout");

    // The customer can buy again.
    const again = await checkout(shopper);
    expect(again.data!.checkout).toMatchObject({ __typename: "Order", status: "PAID" });
  });
});
