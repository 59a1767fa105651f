import { randomUUID } from "node:crypto";
import { internalClient } from "@amazoff/kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADD, CART, createTestServer, type CartResult, type CartTestServer, type Shopper } from "./test-server.ts";

let server: CartTestServer;
beforeAll(async () => {
  server = await createTestServer({ products: 5 });
});
afterAll(() => server?.stop());

const id = (i: number) => server.products[i]!.id;
interface Contents {
  cartId: string | null;
  items: { productId: string; quantity: number }[];
}

async function shopperWith(lines: [number, number][]): Promise<Shopper> {
  const shopper = server.signIn();
  for (const [i, quantity] of lines) expect((await shopper.query(ADD, { input: { productId: id(i), quantity } })).errors).toBeUndefined();
  return shopper;
}
const contents = async (userId: string) => (await server.internal.post<Contents>("/internal/carts/get", { userId })).body;
const clear = (body: Record<string, unknown>) => server.internal.post<{ cleared?: true; error?: string }>("/internal/carts/clear", body);

describe("internal endpoints: access", () => {
  it.each(["/internal/carts/get", "/internal/carts/clear"])("%s refuses callers without the internal secret", async (path) => {
    const body = { userId: randomUUID(), orderId: randomUUID() };
    expect((await internalClient(server.origin, "not-the-secret-at-all").post(path, body)).status).toBe(401);
    expect((await fetch(`${server.origin}${path}`, { method: "POST", body: JSON.stringify(body) })).status).toBe(401);
    expect((await fetch(`${server.origin}${path}`)).status).toBe(405);
  });

  it.each([
    ["/internal/carts/get", {}],
    ["/internal/carts/get", { userId: "not-a-uuid" }],
    ["/internal/carts/clear", { userId: randomUUID() }],
    ["/internal/carts/clear", { userId: randomUUID(), orderId: "x" }],
    ["/internal/carts/clear", { userId: randomUUID(), orderId: randomUUID(), items: [{ productId: randomUUID(), quantity: 0 }] }],
  ])("%s rejects %j with 400", async (path, body) => {
    const response = await server.internal.post<{ error: string }>(path, body);
    expect(response.status).toBe(400);
    expect(response.body.error).toBe("bad_request");
  });
});

describe("POST /internal/carts/get", () => {
  it("returns the user's lines, oldest first", async () => {
    const shopper = await shopperWith([
      [1, 2],
      [0, 1],
    ]);
    const cartId = (await shopper.query<{ cart: CartResult }>(CART)).data!.cart.id;
    expect(await contents(shopper.userId)).toEqual({
      cartId,
      items: [
        { productId: id(1), quantity: 2 },
        { productId: id(0), quantity: 1 },
      ],
    });
  });

  it("returns no cart and no items for a user without a cart", async () => {
    expect(await contents(randomUUID())).toEqual({ cartId: null, items: [] });
  });
});

describe("POST /internal/carts/clear", () => {
  it("empties the cart once per order: a retry after new items leaves them alone", async () => {
    const shopper = await shopperWith([
      [0, 1],
      [1, 2],
    ]);
    const orderId = randomUUID();
    expect(await clear({ userId: shopper.userId, orderId })).toEqual({ status: 200, body: { cleared: true } });
    expect((await contents(shopper.userId)).items).toEqual([]);
    await shopper.query(ADD, { input: { productId: id(2), quantity: 3 } });
    expect(await clear({ userId: shopper.userId, orderId })).toEqual({ status: 200, body: { cleared: true } });
    expect((await contents(shopper.userId)).items).toEqual([{ productId: id(2), quantity: 3 }]);
  });

  it("with the order's items, removes only those units", async () => {
    const shopper = await shopperWith([
      [0, 2],
      [1, 1],
    ]);
    const ordered = (await contents(shopper.userId)).items;
    // Between reading the cart and clearing it, the user added more.
    await shopper.query(ADD, { input: { productId: id(0), quantity: 3 } });
    await shopper.query(ADD, { input: { productId: id(3), quantity: 1 } });
    expect((await clear({ userId: shopper.userId, orderId: randomUUID(), items: ordered })).status).toBe(200);
    expect((await contents(shopper.userId)).items).toEqual([
      { productId: id(0), quantity: 3 },
      { productId: id(3), quantity: 1 },
    ]);
  });

  it("clears once when the same order is cleared twice at the same time", async () => {
    const shopper = await shopperWith([[4, 2]]);
    const orderId = randomUUID();
    const ordered = (await contents(shopper.userId)).items;
    const results = await Promise.all([
      clear({ userId: shopper.userId, orderId, items: ordered }),
      clear({ userId: shopper.userId, orderId, items: ordered }),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    await shopper.query(ADD, { input: { productId: id(4), quantity: 1 } });
    expect((await contents(shopper.userId)).items).toEqual([{ productId: id(4), quantity: 1 }]);
  });

  it("records the order even when the user has no cart, so a later retry clears nothing", async () => {
    const shopper = server.signIn();
    const orderId = randomUUID();
    expect(await clear({ userId: shopper.userId, orderId })).toEqual({ status: 200, body: { cleared: true } });
    await shopper.query(ADD, { input: { productId: id(0), quantity: 1 } });
    await clear({ userId: shopper.userId, orderId });
    expect((await contents(shopper.userId)).items).toHaveLength(1);
  });

  it("answers 409 when the order was cleared for another user, changing nothing", async () => {
    const first = await shopperWith([[0, 1]]);
    const second = await shopperWith([[1, 1]]);
    const orderId = randomUUID();
    await clear({ userId: first.userId, orderId });
    const response = await clear({ userId: second.userId, orderId });
    expect(response.status).toBe(409);
    expect(response.body.error).toBe("conflict");
    expect((await contents(second.userId)).items).toHaveLength(1);
  });
});
