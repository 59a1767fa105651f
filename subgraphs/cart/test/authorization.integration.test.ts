import { randomUUID } from "node:crypto";
import { errorCodes } from "@amazoff/kit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADD, CART, createTestServer, type CartTestServer, type Shopper } from "./test-server.ts";

let server: CartTestServer;
let owner: Shopper;
beforeAll(async () => {
  server = await createTestServer({ products: 4 });
  owner = server.signIn();
  await owner.query(ADD, { input: { productId: server.products[0]!.id, quantity: 2 } });
});
afterAll(() => server?.stop());

const USER_CART = /* GraphQL */ `
  query($representations: [_Any!]!) {
    _entities(representations: $representations) { ... on User { id cart { id itemCount subtotal { amount } items { product { id } quantity } } } }
  }
`;
const user = (id: string) => ({ __typename: "User", id });

describe("User.cart (through the router's _entities)", () => {
  it("shows the owner their cart", async () => {
    const response = await owner.query(USER_CART, { representations: [user(owner.userId)] });
    expect(response.errors).toBeUndefined();
    expect(response.data!._entities[0].cart).toMatchObject({
      itemCount: 2,
      items: [{ product: { id: server.products[0]!.id }, quantity: 2 }],
    });
  });

  it("refuses another customer with FORBIDDEN and no data", async () => {
    const response = await server.signIn().query(USER_CART, { representations: [user(owner.userId)] });
    expect(errorCodes(response)).toEqual(["FORBIDDEN"]);
    expect(response.data!._entities[0]).toEqual({ id: owner.userId, cart: null });
  });

  it("refuses an anonymous caller with UNAUTHENTICATED", async () => {
    const response = await server.query(USER_CART, { representations: [user(owner.userId)] });
    expect(errorCodes(response)).toEqual(["UNAUTHENTICATED"]);
  });

  it("lets staff (users:read:any) read any user's cart", async () => {
    const staff = server.signIn({ role: "EMPLOYEE" });
    const response = await staff.query(USER_CART, { representations: [user(owner.userId), user(randomUUID())] });
    expect(response.errors).toBeUndefined();
    expect(response.data!._entities[0].cart.itemCount).toBe(2);
    expect(response.data!._entities[1].cart).toBeNull();
  });

  it("answers null for a malformed user reference", async () => {
    const staff = server.signIn({ role: "ADMIN" });
    const response = await staff.query(USER_CART, { representations: [user("'; DROP TABLE carts; --")] });
    expect(response.errors).toBeUndefined();
    expect(response.data!._entities).toEqual([null]);
  });

  it("reads many users' carts with one statement per table and one catalog call", async () => {
    const shoppers = Array.from({ length: 6 }, () => server.signIn());
    for (const [i, shopper] of shoppers.entries()) {
      await shopper.query(ADD, { input: { productId: server.products[i % 4]!.id, quantity: 1 } });
      await shopper.query(ADD, { input: { productId: server.products[(i + 1) % 4]!.id, quantity: 1 } });
    }
    server.statements.length = 0;
    server.catalog.statements.length = 0;
    const calls = server.inventory.calls.length;
    const response = await server.signIn({ role: "EMPLOYEE" }).query(USER_CART, { representations: shoppers.map((s) => user(s.userId)) });
    expect(response.errors).toBeUndefined();
    expect(response.data!._entities.map((e: { cart: { itemCount: number } }) => e.cart.itemCount)).toEqual(Array(6).fill(2));
    expect(server.statements.filter((sql) => /FROM carts/i.test(sql))).toHaveLength(1);
    expect(server.statements.filter((sql) => /FROM cart_items/i.test(sql))).toHaveLength(1);
    expect(server.catalog.statements.filter((sql) => /FROM products/i.test(sql))).toHaveLength(1);
    expect(server.inventory.calls.length).toBe(calls); // reading never asks for stock
  });
});

describe("scopes and tokens", () => {
  it("refuses writes without cart:write:own (e.g. a partner's key) with FORBIDDEN", async () => {
    const partner = server.signIn({ role: "PARTNER" });
    expect(errorCodes(await partner.query(ADD, { input: { productId: server.products[0]!.id, quantity: 1 } }))).toEqual(["FORBIDDEN"]);
    const limited = server.signIn({ scopes: ["catalog:read"] });
    expect(errorCodes(await limited.query(ADD, { input: { productId: server.products[0]!.id, quantity: 1 } }))).toEqual(["FORBIDDEN"]);
    expect(await server.db.prisma.cart.count({ where: { userId: { in: [partner.userId, limited.userId] } } })).toBe(0);
  });

  it("refuses an invalid token with 401 UNAUTHENTICATED", async () => {
    const response = await server.query(CART, {}, { authorization: "Bearer not.a.token" });
    expect(response.status).toBe(401);
    expect(errorCodes(response)).toEqual(["UNAUTHENTICATED"]);
  });

  it("publishes the authorization directives for the router", async () => {
    const sdl = (await server.query(`{ _service { sdl } }`)).data!._service.sdl as string;
    expect(sdl).toMatch(/cart: Cart @authenticated/);
    expect(sdl).toMatch(/mergeGuestCart\([^)]*\): Cart! @requiresScopes\(scopes: \[\["cart:write:own"\]\]\)/s);
    expect(sdl).toMatch(/type Product\s+@key\(fields: "id", resolvable: false\)/);
  });

  it("answers /health and /ready", async () => {
    expect((await fetch(`${server.origin}/health`)).status).toBe(200);
    expect(await (await fetch(`${server.origin}/ready`)).json()).toMatchObject({ status: "ready", service: "cart" });
  });
});
