import { errorCodes } from "@amazoff/kit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADD, CART, CART_FIELDS, CLEAR, createTestServer, REMOVE, UPDATE, type CartResult, type CartTestServer } from "./test-server.ts";

let server: CartTestServer;
beforeAll(async () => {
  server = await createTestServer({ products: 12 });
});
afterAll(() => server?.stop());

const price = (i: number) => server.products[i]!.priceAmount;
const id = (i: number) => server.products[i]!.id;
const usd = (amount: number) => `$${Math.trunc(amount / 100).toLocaleString("en-US")}.${String(amount % 100).padStart(2, "0")}`;

describe("a signed-in user's cart", () => {
  it("has no cart until the first item is added", async () => {
    const shopper = server.signIn();
    const response = await shopper.query(CART);
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ cart: null });
  });

  it("adds, updates, removes and clears lines, with totals at the catalog's prices", async () => {
    const shopper = server.signIn();
    const first = await shopper.query<{ addToCart: CartResult }>(ADD, { input: { productId: id(0), quantity: 2 } });
    expect(first.errors).toBeUndefined();
    const cartId = first.data!.addToCart.id;
    expect(first.data!.addToCart).toMatchObject({
      itemCount: 2,
      expiresAt: null,
      subtotal: { amount: 2 * price(0), currency: "USD", formatted: usd(2 * price(0)) },
      items: [
        {
          product: { id: id(0) },
          quantity: 2,
          unitPrice: { amount: price(0), currency: "USD" },
          lineTotal: { amount: 2 * price(0), currency: "USD" },
        },
      ],
    });

    await shopper.query(ADD, { input: { productId: id(1), quantity: 1 } });
    const again = await shopper.query<{ addToCart: CartResult }>(ADD, { input: { productId: id(0), quantity: 3 } });
    expect(again.data!.addToCart.id).toBe(cartId);
    expect(again.data!.addToCart.items.map((i) => [i.product.id, i.quantity])).toEqual([
      [id(0), 5],
      [id(1), 1],
    ]);
    expect(again.data!.addToCart.subtotal.amount).toBe(5 * price(0) + price(1));
    expect(again.data!.addToCart.itemCount).toBe(6);

    const updated = await shopper.query<{ updateCartItem: CartResult }>(UPDATE, { input: { productId: id(0), quantity: 1 } });
    expect(updated.data!.updateCartItem.items.map((i) => i.quantity)).toEqual([1, 1]);
    const zero = await shopper.query<{ updateCartItem: CartResult }>(UPDATE, { input: { productId: id(0), quantity: 0 } });
    expect(zero.data!.updateCartItem.items.map((i) => i.product.id)).toEqual([id(1)]);

    const removed = await shopper.query<{ removeCartItem: CartResult }>(REMOVE, { input: { productId: id(1) } });
    expect(removed.data!.removeCartItem).toMatchObject({
      id: cartId,
      items: [],
      itemCount: 0,
      subtotal: { amount: 0, currency: "USD", formatted: "$0.00" },
    });

    await shopper.query(ADD, { input: { productId: id(2), quantity: 4 } });
    const cleared = await shopper.query<{ clearCart: CartResult }>(CLEAR);
    expect(cleared.data!.clearCart).toMatchObject({ id: cartId, items: [], itemCount: 0 });
    const read = await shopper.query<{ cart: CartResult }>(CART);
    expect(read.data!.cart).toMatchObject({ id: cartId, items: [] });
  });

  it("removing a product that is not in the cart changes nothing", async () => {
    const shopper = server.signIn();
    await shopper.query(ADD, { input: { productId: id(3), quantity: 1 } });
    const response = await shopper.query<{ removeCartItem: CartResult }>(REMOVE, { input: { productId: id(4) } });
    expect(response.errors).toBeUndefined();
    expect(response.data!.removeCartItem.items.map((i) => i.product.id)).toEqual([id(3)]);
  });

  it("follows the catalog's price at the next read", async () => {
    const shopper = server.signIn();
    await shopper.query(ADD, { input: { productId: id(5), quantity: 3 } });
    await server.setPrice(id(5), 1_234);
    const response = await shopper.query<{ cart: CartResult }>(CART);
    expect(response.data!.cart.items[0]!.unitPrice.amount).toBe(1_234);
    expect(response.data!.cart.subtotal).toEqual({ amount: 3 * 1_234, currency: "USD", formatted: "$37.02" });
  });

  it("leaves out lines whose product the catalog no longer has", async () => {
    const shopper = server.signIn();
    await shopper.query(ADD, { input: { productId: id(6), quantity: 1 } });
    await shopper.query(ADD, { input: { productId: id(7), quantity: 2 } });
    await server.deleteProduct(id(6));
    const response = await shopper.query<{ cart: CartResult }>(CART);
    expect(response.errors).toBeUndefined();
    expect(response.data!.cart.items.map((i) => i.product.id)).toEqual([id(7)]);
    expect(response.data!.cart).toMatchObject({ itemCount: 2, subtotal: { amount: 2 * price(7) } });
  });

  it("shows each mutation's own result when one operation runs several", async () => {
    const shopper = server.signIn();
    const response = await shopper.query(
      `mutation($p: ID!, $q: ID!) {
        a: addToCart(input: { productId: $p, quantity: 1 }) { items { quantity } }
        b: addToCart(input: { productId: $p, quantity: 2 }) { items { quantity } }
        c: addToCart(input: { productId: $q, quantity: 1 }) { itemCount }
      }`,
      { p: id(8), q: id(9) },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ a: { items: [{ quantity: 1 }] }, b: { items: [{ quantity: 3 }] }, c: { itemCount: 4 } });
  });

  it("prices every line of a read with one catalog call and one SQL statement per table", async () => {
    const shopper = server.signIn();
    for (const i of [8, 9, 10, 11]) await shopper.query(ADD, { input: { productId: id(i), quantity: 1 } });
    server.catalog.statements.length = 0;
    server.statements.length = 0;
    const response = await shopper.query<{ cart: CartResult }>(`{ cart { ${CART_FIELDS} } }`);
    expect(response.data!.cart.items).toHaveLength(4);
    expect(server.catalog.statements.filter((sql) => /FROM products/i.test(sql))).toHaveLength(1);
    expect(server.statements.filter((sql) => /FROM carts/i.test(sql))).toHaveLength(1);
    expect(server.statements.filter((sql) => /FROM cart_items/i.test(sql))).toHaveLength(1);
  });

  it("answers INTERNAL with a clear message, not a stack, when the catalog cannot be reached", async () => {
    const shopper = server.signIn();
    await shopper.query(ADD, { input: { productId: id(10), quantity: 1 } });
    const broken = await createTestServer({ products: 1, env: { CATALOG_INTERNAL_URL: "http://127.0.0.1:9" } });
    try {
      const response = await broken.signIn({ userId: shopper.userId }).query(ADD, { input: { productId: id(0), quantity: 1 } });
      expect(errorCodes(response)).toEqual(["INTERNAL"]);
      expect(response.errors![0]!.message).toBe("The catalog service is unavailable; try again shortly");
      expect(await broken.db.prisma.cart.count()).toBe(0);
    } finally {
      await broken.stop();
    }
  });
});
