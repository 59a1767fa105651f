import { randomUUID } from "node:crypto";
import { errorCodes } from "@amazoff/kit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CartRepository } from "../src/carts/cart.repository.ts";
import {
  ADD,
  CART,
  CLEAR,
  CREATE_GUEST,
  createTestServer,
  MERGE,
  REMOVE,
  UPDATE,
  type CartResult,
  type CartTestServer,
} from "./test-server.ts";

let server: CartTestServer;
beforeAll(async () => {
  server = await createTestServer({ products: 8 });
});
afterAll(() => server?.stop());

const id = (i: number) => server.products[i]!.id;
const price = (i: number) => server.products[i]!.priceAmount;

async function guestCartWith(lines: [number, number][]): Promise<string> {
  const created = await server.query<{ createGuestCart: CartResult }>(CREATE_GUEST);
  const guestCartId = created.data!.createGuestCart.id;
  for (const [i, quantity] of lines) {
    const response = await server.query(ADD, { input: { productId: id(i), quantity, guestCartId } });
    expect(response.errors).toBeUndefined();
  }
  return guestCartId;
}

/** Makes a guest cart look untouched for `days` days. */
const age = (cartId: string, days: number) =>
  server.db.sql.query({
    text: "UPDATE carts SET updated_at = now() - make_interval(days => $2) WHERE id = $1::uuid",
    values: [cartId, days],
  });

describe("guest carts", () => {
  it("are created empty, with an id that addresses them and an expiry", async () => {
    const response = await server.query<{ createGuestCart: CartResult }>(CREATE_GUEST);
    expect(response.errors).toBeUndefined();
    const cart = response.data!.createGuestCart;
    expect(cart).toMatchObject({ items: [], itemCount: 0, subtotal: { amount: 0, currency: "USD" } });
    const days = (Date.parse(cart.expiresAt!) - Date.parse(cart.updatedAt)) / 86_400_000;
    expect(days).toBe(30);
    const read = await server.query<{ cart: CartResult }>(CART, { guestCartId: cart.id });
    expect(read.data!.cart.id).toBe(cart.id);
  });

  it("are started by the first add when no guest cart id is given", async () => {
    const first = await server.query<{ addToCart: CartResult }>(ADD, { input: { productId: id(0), quantity: 2 } });
    expect(first.errors).toBeUndefined();
    const guestCartId = first.data!.addToCart.id;
    const second = await server.query<{ addToCart: CartResult }>(ADD, { input: { productId: id(1), quantity: 1, guestCartId } });
    expect(second.data!.addToCart).toMatchObject({ id: guestCartId, itemCount: 3, subtotal: { amount: 2 * price(0) + price(1) } });
    const updated = await server.query<{ updateCartItem: CartResult }>(UPDATE, { input: { productId: id(0), quantity: 5, guestCartId } });
    expect(updated.data!.updateCartItem.itemCount).toBe(6);
    const removed = await server.query<{ removeCartItem: CartResult }>(REMOVE, { input: { productId: id(1), guestCartId } });
    expect(removed.data!.removeCartItem.items.map((i) => i.product.id)).toEqual([id(0)]);
    const cleared = await server.query<{ clearCart: CartResult }>(CLEAR, { guestCartId });
    expect(cleared.data!.clearCart).toMatchObject({ id: guestCartId, items: [] });
  });

  it("are refused to signed-in users, who have their own cart", async () => {
    const guestCartId = await guestCartWith([[0, 1]]);
    const shopper = server.signIn();
    for (const [query, variables] of [
      [ADD, { input: { productId: id(0), quantity: 1, guestCartId } }],
      [CART, { guestCartId }],
    ] as const) {
      const response = await shopper.query(query, variables);
      expect(errorCodes(response)).toEqual(["BAD_USER_INPUT"]);
      expect(response.errors![0]!.message).toMatch(/mergeGuestCart/);
    }
    expect(errorCodes(await shopper.query(CREATE_GUEST))).toEqual(["BAD_USER_INPUT"]);
  });

  describe("an anonymous visitor without a guest cart id", () => {
    it("has no cart", async () => {
      const response = await server.query(CART);
      expect(response.errors).toBeUndefined();
      expect(response.data).toEqual({ cart: null });
    });

    it.each([
      ["updateCartItem", UPDATE, () => ({ input: { productId: id(0), quantity: 1 } })],
      ["removeCartItem", REMOVE, () => ({ input: { productId: id(0) } })],
      ["clearCart", CLEAR, () => ({})],
    ] as const)("cannot %s (UNAUTHENTICATED), and nothing is written", async (_name, query, variables) => {
      const before = await server.db.prisma.cart.count();
      const response = await server.query(query, variables());
      expect(errorCodes(response)).toEqual(["UNAUTHENTICATED"]);
      expect(await server.db.prisma.cart.count()).toBe(before);
    });
  });

  it("answers NOT_FOUND, writing nothing, for an unknown guest cart or a user's cart id", async () => {
    const shopper = server.signIn();
    const userCart = (await shopper.query<{ addToCart: CartResult }>(ADD, { input: { productId: id(2), quantity: 1 } })).data!.addToCart;
    const before = await server.db.prisma.cartItem.count();
    for (const guestCartId of [randomUUID(), userCart.id]) {
      const add = await server.query(ADD, { input: { productId: id(0), quantity: 1, guestCartId } });
      expect(errorCodes(add)).toEqual(["NOT_FOUND"]);
      expect(add.errors![0]!.message).toBe((await server.query(CLEAR, { guestCartId: randomUUID() })).errors![0]!.message);
      expect((await server.query(CART, { guestCartId })).data).toEqual({ cart: null });
    }
    expect(await server.db.prisma.cartItem.count()).toBe(before);
  });

  it("rejects a malformed guest cart id with BAD_USER_INPUT naming it", async () => {
    const response = await server.query(ADD, { input: { productId: id(0), quantity: 1, guestCartId: "'; DROP TABLE carts; --" } });
    expect(errorCodes(response)).toEqual(["BAD_USER_INPUT"]);
    expect(response.errors![0]!.extensions!.field).toBe("input.guestCartId");
    expect(JSON.stringify(response.errors)).not.toMatch(/SELECT|UPDATE|uuid/i);
  });

  it("expire after 30 days without a change, and are purged", async () => {
    const quiet = await guestCartWith([[0, 1]]);
    const recent = await guestCartWith([[0, 1]]);
    await age(quiet, 31);
    await age(recent, 29);
    expect((await server.query(CART, { guestCartId: quiet })).data).toEqual({ cart: null });
    expect(errorCodes(await server.query(ADD, { input: { productId: id(0), quantity: 1, guestCartId: quiet } }))).toEqual(["NOT_FOUND"]);
    // A change keeps a cart alive: the recent one starts its 30 days again.
    expect((await server.query(ADD, { input: { productId: id(1), quantity: 1, guestCartId: recent } })).errors).toBeUndefined();

    const purged = await new CartRepository(server.db, 30).purgeExpired();
    expect(purged.guestCarts).toBeGreaterThanOrEqual(1);
    expect(await server.db.prisma.cart.findUnique({ where: { id: quiet } })).toBeNull();
    expect(await server.db.prisma.cartItem.count({ where: { cartId: quiet } })).toBe(0);
    expect(await server.db.prisma.cart.findUnique({ where: { id: recent } })).not.toBeNull();
  });
});

describe("mergeGuestCart", () => {
  it("adds the guest's quantities to the user's cart, caps them, then forgets the guest cart", async () => {
    const shopper = server.signIn();
    server.inventory.set(id(1), 500);
    server.inventory.set(id(3), 4);
    expect((await shopper.query(ADD, { input: { productId: id(0), quantity: 2 } })).errors).toBeUndefined();
    expect((await shopper.query(ADD, { input: { productId: id(1), quantity: 90 } })).errors).toBeUndefined();
    const guestCartId = await guestCartWith([
      [0, 3], // same product: 2 + 3
      [1, 20], // 90 + 20, capped at the line maximum of 99
      [2, 1], // new line
      [3, 4], // new line, but stock drops to 2 before the merge
    ]);
    server.inventory.set(id(3), 2);

    const response = await shopper.query<{ mergeGuestCart: CartResult }>(MERGE, { guestCartId });
    expect(response.errors).toBeUndefined();
    expect(response.data!.mergeGuestCart.items.map((i) => [i.product.id, i.quantity])).toEqual([
      [id(0), 5],
      [id(1), 99],
      [id(2), 1],
      [id(3), 2],
    ]);
    expect(await server.db.prisma.cart.findUnique({ where: { id: guestCartId } })).toBeNull();
    expect((await server.query(CART, { guestCartId })).data).toEqual({ cart: null });
  });

  it("is idempotent: a retry returns the user's cart without adding again", async () => {
    const shopper = server.signIn();
    const guestCartId = await guestCartWith([[4, 2]]);
    const first = await shopper.query<{ mergeGuestCart: CartResult }>(MERGE, { guestCartId });
    const again = await shopper.query<{ mergeGuestCart: CartResult }>(MERGE, { guestCartId });
    expect(again.errors).toBeUndefined();
    expect(again.data!.mergeGuestCart.id).toBe(first.data!.mergeGuestCart.id);
    expect(again.data!.mergeGuestCart.items.map((i) => i.quantity)).toEqual([2]);
  });

  it("merges once when the same merge runs twice at the same time", async () => {
    const shopper = server.signIn();
    await shopper.query(ADD, { input: { productId: id(5), quantity: 1 } });
    const guestCartId = await guestCartWith([[5, 2]]);
    const results = await Promise.all([
      shopper.query<{ mergeGuestCart: CartResult }>(MERGE, { guestCartId }),
      shopper.query<{ mergeGuestCart: CartResult }>(MERGE, { guestCartId }),
    ]);
    for (const result of results) expect(result.errors).toBeUndefined();
    const read = await shopper.query<{ cart: CartResult }>(CART);
    expect(read.data!.cart.items.map((i) => i.quantity)).toEqual([3]);
  });

  it("answers NOT_FOUND to another user retrying someone's merge, and for unknown ids", async () => {
    const owner = server.signIn();
    const other = server.signIn();
    const guestCartId = await guestCartWith([[6, 1]]);
    await owner.query(MERGE, { guestCartId });
    expect(errorCodes(await other.query(MERGE, { guestCartId }))).toEqual(["NOT_FOUND"]);
    expect(errorCodes(await other.query(MERGE, { guestCartId: randomUUID() }))).toEqual(["NOT_FOUND"]);
    expect((await other.query(CART)).data).toEqual({ cart: null });
  });

  it("never takes another user's cart as a guest cart", async () => {
    const victim = server.signIn();
    const victimCart = (await victim.query<{ addToCart: CartResult }>(ADD, { input: { productId: id(7), quantity: 1 } })).data!.addToCart;
    const thief = server.signIn();
    expect(errorCodes(await thief.query(MERGE, { guestCartId: victimCart.id }))).toEqual(["NOT_FOUND"]);
    expect((await victim.query<{ cart: CartResult }>(CART)).data!.cart.items).toHaveLength(1);
  });

  it("drops products the catalog no longer has, and needs a signed-in customer", async () => {
    const guestCartId = await guestCartWith([[7, 1]]);
    expect(errorCodes(await server.query(MERGE, { guestCartId }))).toEqual(["UNAUTHENTICATED"]);
    const partner = server.signIn({ role: "PARTNER" });
    expect(errorCodes(await partner.query(MERGE, { guestCartId }))).toEqual(["FORBIDDEN"]);
    await server.deleteProduct(id(7));
    const shopper = server.signIn();
    const response = await shopper.query<{ mergeGuestCart: CartResult }>(MERGE, { guestCartId });
    expect(response.errors).toBeUndefined();
    expect(response.data!.mergeGuestCart.items).toEqual([]);
    expect(await server.db.prisma.cartItem.count({ where: { productId: id(7), cart: { userId: shopper.userId } } })).toBe(0);
  });
});
