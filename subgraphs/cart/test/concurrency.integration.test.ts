import { randomUUID } from "node:crypto";
import { errorCodes } from "@amazoff/kit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADD, CREATE_GUEST, createTestServer, type CartResult, type CartTestServer } from "./test-server.ts";

let server: CartTestServer;
beforeAll(async () => {
  server = await createTestServer({ products: 8 });
});
afterAll(() => server?.stop());

const id = (i: number) => server.products[i]!.id;
const quantityIn = async (cartId: string, productId: string) =>
  (await server.db.prisma.cartItem.findUnique({ where: { cartId_productId: { cartId, productId } } }))?.quantity ?? 0;

// The test pool has 4 connections: more concurrent writes than that also queue for connections,
// which is the realistic case.
describe("concurrent writes to one cart", () => {
  it("lose no units when many adds of the same product race, the first of them creating the cart", async () => {
    server.inventory.set(id(0), 99);
    const shopper = server.signIn();
    const results = await Promise.all(Array.from({ length: 20 }, () => shopper.query(ADD, { input: { productId: id(0), quantity: 1 } })));
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    const carts = await server.db.prisma.cart.findMany({ where: { userId: shopper.userId } });
    expect(carts).toHaveLength(1);
    expect(await quantityIn(carts[0]!.id, id(0))).toBe(20);
  });

  it("lose no units in a guest cart either", async () => {
    server.inventory.set(id(1), 99);
    const guestCartId = (await server.query<{ createGuestCart: CartResult }>(CREATE_GUEST)).data!.createGuestCart.id;
    const results = await Promise.all(
      Array.from({ length: 15 }, () => server.query(ADD, { input: { productId: id(1), quantity: 2, guestCartId } })),
    );
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    expect(await quantityIn(guestCartId, id(1))).toBe(30);
  });

  it("never go past what is available: exactly the units in stock are accepted", async () => {
    server.inventory.set(id(2), 5);
    const shopper = server.signIn();
    const results = await Promise.all(Array.from({ length: 12 }, () => shopper.query(ADD, { input: { productId: id(2), quantity: 1 } })));
    expect(results.filter((r) => !r.errors)).toHaveLength(5);
    expect(results.filter((r) => r.errors).flatMap(errorCodes)).toEqual(Array(7).fill("BAD_USER_INPUT"));
    const [cart] = await server.db.prisma.cart.findMany({ where: { userId: shopper.userId } });
    expect(await quantityIn(cart!.id, id(2))).toBe(5);
  });

  it("never go past 100 lines when new products race into an almost full cart", async () => {
    const shopper = server.signIn();
    await shopper.query(ADD, { input: { productId: id(3), quantity: 1 } });
    const [cart] = await server.db.prisma.cart.findMany({ where: { userId: shopper.userId } });
    await server.db.prisma.cartItem.createMany({
      data: Array.from({ length: 97 }, () => ({ cartId: cart!.id, productId: randomUUID(), quantity: 1 })),
    });
    const results = await Promise.all([4, 5, 6, 7].map((i) => shopper.query(ADD, { input: { productId: id(i), quantity: 1 } })));
    expect(results.filter((r) => !r.errors)).toHaveLength(2);
    expect(await server.db.prisma.cartItem.count({ where: { cartId: cart!.id } })).toBe(100);
  });
});
