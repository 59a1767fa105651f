import { randomUUID } from "node:crypto";
import { errorCodes, type GraphQLResponse } from "@amazoff/kit/testing";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ADD, createTestServer, UPDATE, type CartResult, type CartTestServer } from "./test-server.ts";

let server: CartTestServer;
beforeAll(async () => {
  server = await createTestServer({ products: 10 });
});
afterEach(() => {
  server.inventory.failure = null;
  server.inventory.defaultAvailable = 50;
});
afterAll(() => server?.stop());

const id = (i: number) => server.products[i]!.id;

/** A BAD_USER_INPUT naming `field`, with nothing internal in it. */
function expectBadInput(response: GraphQLResponse<unknown>, field: string, extensions: Record<string, unknown> = {}) {
  expect(errorCodes(response)).toEqual(["BAD_USER_INPUT"]);
  expect(response.errors![0]!.extensions).toMatchObject({ field, ...extensions });
  expect(response.data).toBeNull();
  expect(JSON.stringify(response.errors)).not.toMatch(/prisma|SELECT|INSERT|stack|\bat \S+\.ts/i);
}

const linesOf = async (shopper: ReturnType<CartTestServer["signIn"]>) =>
  (await server.db.prisma.cartItem.findMany({ where: { cart: { userId: shopper.userId } }, orderBy: { position: "asc" } })).map((i) => [
    i.productId,
    i.quantity,
  ]);

describe("quantities", () => {
  it.each([
    [0, { min: 1 }],
    [-1, { min: 1 }],
    [100, { max: 99 }],
  ])("addToCart refuses %i units", async (quantity, extensions) => {
    const shopper = server.signIn();
    expectBadInput(await shopper.query(ADD, { input: { productId: id(0), quantity } }), "input.quantity", extensions);
    expect(await server.db.prisma.cart.count({ where: { userId: shopper.userId } })).toBe(0);
  });

  it.each([2_147_483_648, 1.5, "3"])("refuses %j as a quantity before any resolver runs", async (quantity) => {
    const response = await server.signIn().query(ADD, { input: { productId: id(0), quantity } });
    expect(errorCodes(response)).toEqual(["BAD_USER_INPUT"]);
  });

  it.each([
    [-1, { min: 0 }],
    [100, { max: 99 }],
  ])("updateCartItem refuses %i units", async (quantity, extensions) => {
    const shopper = server.signIn();
    await shopper.query(ADD, { input: { productId: id(0), quantity: 1 } });
    expectBadInput(await shopper.query(UPDATE, { input: { productId: id(0), quantity } }), "input.quantity", extensions);
    expect(await linesOf(shopper)).toEqual([[id(0), 1]]);
  });

  it("keeps a line at 99 units at most", async () => {
    server.inventory.set(id(1), 1_000);
    const shopper = server.signIn();
    await shopper.query(ADD, { input: { productId: id(1), quantity: 60 } });
    expectBadInput(await shopper.query(ADD, { input: { productId: id(1), quantity: 40 } }), "input.quantity", { max: 99, inCart: 60 });
    expect(await linesOf(shopper)).toEqual([[id(1), 60]]);
  });

  it("accepts exactly the quantities from 1 to what is available (property)", async () => {
    server.inventory.set(id(2), 40);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: -5, max: 120 }), async (quantity) => {
        const shopper = server.signIn();
        const response = await shopper.query<{ addToCart: CartResult }>(ADD, { input: { productId: id(2), quantity } });
        if (quantity >= 1 && quantity <= 40) {
          expect(response.errors).toBeUndefined();
          expect(response.data!.addToCart.itemCount).toBe(quantity);
        } else {
          expect(errorCodes(response)).toEqual(["BAD_USER_INPUT"]);
          expect(await linesOf(shopper)).toEqual([]);
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe("stock", () => {
  it("refuses more than available, saying how many are and how many are in the cart", async () => {
    server.inventory.set(id(3), 3);
    const shopper = server.signIn();
    expect((await shopper.query(ADD, { input: { productId: id(3), quantity: 2 } })).errors).toBeUndefined();
    const response = await shopper.query(ADD, { input: { productId: id(3), quantity: 2 } });
    expectBadInput(response, "input.quantity", { available: 3, inCart: 2 });
    expect(response.errors![0]!.message).toBe("Only 3 available (2 already in the cart)");
    expect(await linesOf(shopper)).toEqual([[id(3), 2]]);
  });

  it("says when a product is out of stock, or unknown to the inventory", async () => {
    server.inventory.set(id(4), 0);
    const out = await server.signIn().query(ADD, { input: { productId: id(4), quantity: 1 } });
    expectBadInput(out, "input.quantity", { available: 0, inCart: 0 });
    expect(out.errors![0]!.message).toBe("This product is out of stock");
    server.inventory.defaultAvailable = null;
    expectBadInput(await server.signIn().query(ADD, { input: { productId: id(5), quantity: 1 } }), "input.quantity", { available: 0 });
  });

  it("lets a line shrink even above what is left, but not grow past it", async () => {
    server.inventory.set(id(6), 10);
    const shopper = server.signIn();
    await shopper.query(ADD, { input: { productId: id(6), quantity: 8 } });
    server.inventory.set(id(6), 3);
    expect((await shopper.query(UPDATE, { input: { productId: id(6), quantity: 5 } })).errors).toBeUndefined();
    expectBadInput(await shopper.query(UPDATE, { input: { productId: id(6), quantity: 6 } }), "input.quantity", {
      available: 3,
      inCart: 5,
    });
    expect(await linesOf(shopper)).toEqual([[id(6), 5]]);
  });

  it.each([503, "hang-up"] as const)("answers INTERNAL, writing nothing, when the inventory fails (%s)", async (failure) => {
    const shopper = server.signIn();
    server.inventory.failure = failure;
    const response = await shopper.query(ADD, { input: { productId: id(0), quantity: 1 } });
    expect(errorCodes(response)).toEqual(["INTERNAL"]);
    expect(response.errors![0]!.message).toBe("The inventory service is unavailable; try again shortly");
    expect(await server.db.prisma.cart.count({ where: { userId: shopper.userId } })).toBe(0);
  });
});

describe("products and lines", () => {
  it("refuses a malformed product id", async () => {
    expectBadInput(await server.signIn().query(ADD, { input: { productId: "1 OR 1=1", quantity: 1 } }), "input.productId");
  });

  it("refuses a product the catalog does not have, creating no cart", async () => {
    const shopper = server.signIn();
    const response = await shopper.query(ADD, { input: { productId: randomUUID(), quantity: 1 } });
    expectBadInput(response, "input.productId");
    expect(response.errors![0]!.message).toBe("No product with this id");
    expect(await server.db.prisma.cart.count({ where: { userId: shopper.userId } })).toBe(0);
    const guests = await server.db.prisma.cart.count({ where: { userId: null } });
    expectBadInput(await server.query(ADD, { input: { productId: randomUUID(), quantity: 1 } }), "input.productId");
    expect(await server.db.prisma.cart.count({ where: { userId: null } })).toBe(guests);
  });

  it("refuses to update a product that is not in the cart", async () => {
    expectBadInput(await server.signIn().query(UPDATE, { input: { productId: id(0), quantity: 2 } }), "input.productId");
  });

  it("holds at most 100 different products, but a full cart still takes more units of its products", async () => {
    const shopper = server.signIn();
    await shopper.query(ADD, { input: { productId: id(7), quantity: 1 } });
    const [cart] = await server.db.prisma.cart.findMany({ where: { userId: shopper.userId } });
    // 99 more lines, straight into the database (their products need not be in the catalog).
    await server.db.prisma.cartItem.createMany({
      data: Array.from({ length: 99 }, () => ({ cartId: cart!.id, productId: randomUUID(), quantity: 1 })),
    });
    const response = await shopper.query(ADD, { input: { productId: id(8), quantity: 1 } });
    expectBadInput(response, "input.productId", { maxLines: 100 });
    expect(await server.db.prisma.cartItem.count({ where: { cartId: cart!.id } })).toBe(100);
    expect((await shopper.query(ADD, { input: { productId: id(7), quantity: 1 } })).errors).toBeUndefined();
  });
});
