import { randomUUID } from "node:crypto";
import { errorCodes } from "@amazoff/kit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reserve } from "./support/stock.ts";
import { createTestServer, type InventoryTestServer } from "./test-server.ts";

let server: InventoryTestServer;
let warehouse: string;
let shop: string;
let closed: string;
beforeAll(async () => {
  server = await createTestServer();
  warehouse = await server.createStore({ kind: "WAREHOUSE" });
  shop = await server.createStore();
  closed = await server.createStore({ active: false });
});
afterAll(() => server?.stop());

const ENTITIES = /* GraphQL */ `
  query Entities($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Product { id inStock availability { status availableQuantity } }
    }
  }
`;

async function product(stock: [string, number, number][]): Promise<string> {
  const id = randomUUID();
  for (const [store, units, threshold] of stock) await server.putStock(id, store, units, threshold);
  return id;
}

describe("Product availability (public)", () => {
  it("reports IN_STOCK, LOW_STOCK and OUT_OF_STOCK, over active stores, net of reservations, capped at 99", async () => {
    const plenty = await product([
      [warehouse, 500, 10],
      [shop, 20, 3],
    ]);
    const low = await product([
      [warehouse, 8, 10],
      [shop, 0, 3],
      [closed, 100, 3],
    ]);
    const reservedAway = await product([[shop, 2, 1]]);
    await reserve(server, { items: [{ productId: reservedAway, quantity: 2 }] });
    const unknown = randomUUID();
    const response = await server.query(ENTITIES, {
      representations: [plenty, low, reservedAway, unknown].map((id) => ({ __typename: "Product", id })),
    });
    expect(response.errors).toBeUndefined();
    expect(response.data!._entities).toEqual([
      { id: plenty, inStock: true, availability: { status: "IN_STOCK", availableQuantity: 99 } },
      { id: low, inStock: true, availability: { status: "LOW_STOCK", availableQuantity: 8 } },
      { id: reservedAway, inStock: false, availability: { status: "OUT_OF_STOCK", availableQuantity: 0 } },
      { id: unknown, inStock: false, availability: { status: "OUT_OF_STOCK", availableQuantity: 0 } },
    ]);
  });

  it("resolves many references with one SQL statement, and answers null for a malformed id", async () => {
    const ids = await Promise.all(Array.from({ length: 25 }, (_, i) => product([[warehouse, i, 2]])));
    server.statements.length = 0;
    const response = await server.query(ENTITIES, {
      representations: [...ids.map((id) => ({ __typename: "Product", id })), { __typename: "Product", id: "not-a-uuid" }],
    });
    expect(response.errors).toBeUndefined();
    const entities = response.data!._entities as ({ id: string; availability: { availableQuantity: number } } | null)[];
    expect(entities.slice(0, 25).map((e) => e!.availability.availableQuantity)).toEqual(ids.map((_, i) => i));
    expect(entities[25]).toBeNull();
    expect(server.statements.filter((sql) => /\bFROM stock_levels\b/i.test(sql))).toHaveLength(1);
  });

  it("exposes the subgraph SDL with the Product extension and the authorization directives", async () => {
    const response = await server.query(`{ _service { sdl } }`);
    const sdl = response.data!._service.sdl as string;
    expect(sdl).toMatch(/type Product\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/stockLevels: \[StockLevel!\] @requiresScopes\(scopes: \[\["inventory:read"\]\]\)/);
  });
});

describe("Product.stockLevels (staff)", () => {
  const LEVELS = /* GraphQL */ `
    query Levels($representations: [_Any!]!) {
      _entities(representations: $representations) {
        ... on Product { id stockLevels { store { id active } onHand reserved available lowStockThreshold low product { id } } }
      }
    }
  `;

  it("lists every store's stock, inactive ones included, for inventory:read", async () => {
    const p = await product([
      [warehouse, 10, 2],
      [closed, 4, 5],
    ]);
    await reserve(server, { items: [{ productId: p, quantity: 9 }] });
    const response = await server.as({ role: "EMPLOYEE" })(LEVELS, { representations: [{ __typename: "Product", id: p }] });
    expect(response.errors).toBeUndefined();
    const levels = response.data!._entities[0].stockLevels as { store: { id: string; active: boolean } }[];
    expect(levels).toHaveLength(2);
    expect(levels).toEqual(
      expect.arrayContaining([
        {
          store: { id: warehouse, active: true },
          onHand: 10,
          reserved: 9,
          available: 1,
          lowStockThreshold: 2,
          low: true,
          product: { id: p },
        },
        { store: { id: closed, active: false }, onHand: 4, reserved: 0, available: 4, lowStockThreshold: 5, low: true, product: { id: p } },
      ]),
    );
  });

  it.each([
    ["anonymous", undefined, "UNAUTHENTICATED"],
    ["a customer", "CUSTOMER", "FORBIDDEN"],
    ["a partner without inventory:read", "PARTNER", "FORBIDDEN"],
  ] as const)("refuses %s (field null, public fields intact)", async (_who, role, code) => {
    const p = await product([[warehouse, 3, 0]]);
    const client = role ? server.as({ role }) : server.query;
    const response = await client(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { inStock stockLevels { onHand } } } }`,
      {
        r: [{ __typename: "Product", id: p }],
      },
    );
    expect(errorCodes(response)).toEqual([code]);
    expect(response.data!._entities[0]).toEqual({ inStock: true, stockLevels: null });
  });

  it("allows a partner whose key grants inventory:read", async () => {
    const p = await product([[warehouse, 3, 0]]);
    const response = await server.as({ role: "PARTNER", scopes: ["catalog:read", "inventory:read"] })(LEVELS, {
      representations: [{ __typename: "Product", id: p }],
    });
    expect(response.errors).toBeUndefined();
    expect(response.data!._entities[0].stockLevels).toHaveLength(1);
  });
});

describe("stores", () => {
  it("lists the active stores by name, publicly, and finds any store by id", async () => {
    const response = await server.query(
      `query($id: ID!) { stores { id name kind active } store(id: $id) { id active city country code } }`,
      { id: closed },
    );
    expect(response.errors).toBeUndefined();
    const stores = response.data!.stores as { id: string; name: string; active: boolean }[];
    expect(stores.map((s) => s.id).sort()).toEqual([warehouse, shop].sort());
    expect(stores.map((s) => s.name)).toEqual([...stores.map((s) => s.name)].sort());
    expect(response.data!.store).toMatchObject({ id: closed, active: false, city: "Testville", country: "US" });
  });

  it("answers null for an unknown store and BAD_USER_INPUT for a malformed id", async () => {
    expect((await server.query(`{ store(id: "${randomUUID()}") { id } }`)).data).toEqual({ store: null });
    const response = await server.query(`{ store(id: "x' OR 1=1") { id } }`);
    expect(errorCodes(response)).toEqual(["BAD_USER_INPUT"]);
    expect(response.errors![0]!.extensions!.field).toBe("id");
  });

  it("resolves Store references", async () => {
    const response = await server.query(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Store { id code } } }`, {
      r: [
        { __typename: "Store", id: shop },
        { __typename: "Store", id: "nope" },
      ],
    });
    expect(response.data!._entities).toEqual([{ id: shop, code: expect.any(String) }, null]);
  });
});
