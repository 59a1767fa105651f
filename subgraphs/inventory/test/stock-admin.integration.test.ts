import { randomUUID } from "node:crypto";
import { errorCodes, type GraphQLResponse } from "@amazoff/kit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reserve, totals } from "./support/stock.ts";
import { createTestServer, type InventoryTestServer } from "./test-server.ts";

let server: InventoryTestServer;
let store: string;
const staffId = randomUUID();
beforeAll(async () => {
  server = await createTestServer();
  store = await server.createStore();
});
afterAll(() => server?.stop());

const ADJUST = /* GraphQL */ `
  mutation Adjust($input: AdjustStockInput!) {
    adjustStock(input: $input) { onHand reserved available lowStockThreshold low store { id } product { id } updatedAt }
  }
`;
const THRESHOLD = /* GraphQL */ `
  mutation Threshold($input: SetLowStockThresholdInput!) {
    setLowStockThreshold(input: $input) { onHand lowStockThreshold low }
  }
`;
const TRAIL = /* GraphQL */ `
  query Trail($productId: ID, $storeId: ID, $first: Int, $after: String) {
    stockAdjustments(productId: $productId, storeId: $storeId, first: $first, after: $after) {
      totalCount
      edges { cursor node { id kind delta onHandAfter reason performedBy { id } reservationId product { id } store { id } createdAt } }
      pageInfo { hasNextPage hasPreviousPage endCursor }
    }
  }
`;

const staff = () => server.as({ role: "EMPLOYEE", userId: staffId });

describe("adjustStock", () => {
  it("creates the row on a first delivery, then adds and removes units, each change audited with who and why", async () => {
    const productId = randomUUID();
    const first = await staff()(ADJUST, { input: { productId, storeId: store, delta: 12, reason: "  Delivery #1042  " } });
    expect(first.errors).toBeUndefined();
    expect(first.data!.adjustStock).toMatchObject({
      onHand: 12,
      reserved: 0,
      available: 12,
      store: { id: store },
      product: { id: productId },
    });
    const second = await staff()(ADJUST, { input: { productId, storeId: store, delta: -2, reason: "Damaged in transit" } });
    expect(second.data!.adjustStock.onHand).toBe(10);

    const trail = await staff()(TRAIL, { productId });
    expect(trail.errors).toBeUndefined();
    const nodes = trail.data!.stockAdjustments.edges.map((e: { node: unknown }) => e.node);
    expect(nodes).toMatchObject([
      {
        kind: "MANUAL",
        delta: -2,
        onHandAfter: 10,
        reason: "Damaged in transit",
        performedBy: { id: staffId },
        reservationId: null,
        store: { id: store },
      },
      { kind: "MANUAL", delta: 12, onHandAfter: 12, reason: "Delivery #1042", performedBy: { id: staffId } },
    ]);
    expect(trail.data!.stockAdjustments.totalCount).toBe(2);
  });

  it("never goes below what is reserved: CONFLICT, and nothing changes", async () => {
    const productId = randomUUID();
    await server.putStock(productId, store, 5);
    await reserve(server, { items: [{ productId, quantity: 3 }] });
    const response = await staff()(ADJUST, { input: { productId, storeId: store, delta: -3, reason: "Stock count" } });
    expect(errorCodes(response)).toEqual(["CONFLICT"]);
    expect(response.errors![0]!.message).toBe("Cannot remove 3 unit(s): 5 on hand, 3 reserved for checkouts in progress");
    expect(response.errors![0]!.extensions).toMatchObject({ onHand: 5, reserved: 3 });
    expect(await totals(server, productId)).toEqual({ onHand: 5, reserved: 3 });
    expect(await server.db.prisma.stockAdjustment.count({ where: { productId } })).toBe(0);
    // Exactly down to what is reserved is fine.
    expect(
      (await staff()(ADJUST, { input: { productId, storeId: store, delta: -2, reason: "Stock count" } })).data!.adjustStock,
    ).toMatchObject({ onHand: 3, available: 0 });
  });

  it("refuses removing units from a product the store does not carry", async () => {
    const response = await staff()(ADJUST, { input: { productId: randomUUID(), storeId: store, delta: -1, reason: "Write-off" } });
    expect(errorCodes(response)).toEqual(["CONFLICT"]);
  });

  it("answers NOT_FOUND for an unknown store", async () => {
    const response = await staff()(ADJUST, { input: { productId: randomUUID(), storeId: randomUUID(), delta: 1, reason: "Delivery" } });
    expect(errorCodes(response)).toEqual(["NOT_FOUND"]);
  });

  it.each([
    [{ delta: 0 }, "input.delta"],
    [{ delta: 1_000_001 }, "input.delta"],
    [{ delta: -1_000_001 }, "input.delta"],
    [{ reason: "ab" }, "input.reason"],
    [{ reason: "   x   " }, "input.reason"],
    [{ reason: "x".repeat(501) }, "input.reason"],
    [{ reason: "Recount \u202Eevil" }, "input.reason"],
    [{ reason: "Recount \u0007" }, "input.reason"],
    [{ productId: "p-1" }, "input.productId"],
    [{ storeId: "1; DROP TABLE stores" }, "input.storeId"],
  ])("refuses %j with BAD_USER_INPUT naming %s", async (change, field) => {
    const input = { productId: randomUUID(), storeId: store, delta: 1, reason: "Delivery", ...change };
    const response = await staff()(ADJUST, { input });
    expect(errorCodes(response)).toEqual(["BAD_USER_INPUT"]);
    expect(response.errors![0]!.extensions!.field).toBe(field);
    expect(JSON.stringify(response.errors)).not.toMatch(/prisma|SELECT|INSERT|stack/i);
  });

  it("refuses taking the stock above the largest storable count", async () => {
    const productId = randomUUID();
    await server.putStock(productId, store, 2_147_000_000);
    const response = await staff()(ADJUST, { input: { productId, storeId: store, delta: 1_000_000, reason: "Delivery" } });
    expect(errorCodes(response)).toEqual(["BAD_USER_INPUT"]);
  });

  it.each([
    ["anonymous", undefined, "UNAUTHENTICATED"],
    ["a customer", "CUSTOMER", "FORBIDDEN"],
    ["a partner", "PARTNER", "FORBIDDEN"],
  ] as const)("refuses %s", async (_who, role, code) => {
    const productId = randomUUID();
    const client = role ? server.as({ role }) : server.query;
    const response = await client(ADJUST, { input: { productId, storeId: store, delta: 5, reason: "Delivery" } });
    expect(errorCodes(response)).toEqual([code]);
    expect(await server.db.prisma.stockLevel.count({ where: { productId } })).toBe(0);
  });

  it("refuses staff whose token lacks inventory:write", async () => {
    const response = await server.as({ role: "EMPLOYEE", scopes: ["inventory:read"] })(ADJUST, {
      input: { productId: randomUUID(), storeId: store, delta: 5, reason: "Delivery" },
    });
    expect(errorCodes(response)).toEqual(["FORBIDDEN"]);
  });

  it("applies concurrent adjustments without losing any", async () => {
    const productId = randomUUID();
    await server.putStock(productId, store, 100);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        staff()(ADJUST, { input: { productId, storeId: store, delta: i % 2 ? 3 : -1, reason: "Concurrent count" } }),
      ),
    );
    expect(await totals(server, productId)).toEqual({ onHand: 100 + 10 * 3 - 10, reserved: 0 });
    const trail = await server.db.prisma.stockAdjustment.findMany({ where: { productId } });
    expect(trail).toHaveLength(20);
    // The changes form one chain from 100 to 120: every "before" is the opening stock or another change's "after".
    const before = trail.map((a) => a.onHandAfter - a.delta).sort((a, b) => a - b);
    const afters = [100, ...trail.map((a) => a.onHandAfter)].sort((a, b) => a - b);
    afters.splice(afters.lastIndexOf(120), 1);
    expect(before).toEqual(afters);
  });
});

describe("setLowStockThreshold", () => {
  it("sets the threshold, creating an empty row if needed, for inventory:write only", async () => {
    const productId = randomUUID();
    const response = await staff()(THRESHOLD, { input: { productId, storeId: store, threshold: 4 } });
    expect(response.errors).toBeUndefined();
    expect(response.data!.setLowStockThreshold).toEqual({ onHand: 0, lowStockThreshold: 4, low: true });
    expect(errorCodes(await server.as({ role: "CUSTOMER" })(THRESHOLD, { input: { productId, storeId: store, threshold: 1 } }))).toEqual([
      "FORBIDDEN",
    ]);
  });

  it.each([-1, 1_000_001])("refuses a threshold of %d", async (threshold) => {
    const response = await staff()(THRESHOLD, { input: { productId: randomUUID(), storeId: store, threshold } });
    expect(errorCodes(response)).toEqual(["BAD_USER_INPUT"]);
    expect(response.errors![0]!.extensions!.field).toBe("input.threshold");
  });
});

describe("stockAdjustments", () => {
  it("pages through the trail newest first, filtered by store", async () => {
    const other = await server.createStore();
    const productId = randomUUID();
    for (let i = 1; i <= 5; i++) await staff()(ADJUST, { input: { productId, storeId: other, delta: i, reason: `Delivery ${i}` } });
    const seen: number[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const response: GraphQLResponse = await staff()(TRAIL, { storeId: other, first: 2, after });
      expect(response.errors).toBeUndefined();
      const connection: {
        totalCount: number;
        edges: { node: { delta: number } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      } = response.data!.stockAdjustments as never;
      expect(connection.totalCount).toBe(5);
      seen.push(...connection.edges.map((e) => e.node.delta));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual([5, 4, 3, 2, 1]);
  });

  it("is staff-only, and refuses a forged cursor or a malformed id", async () => {
    expect(errorCodes(await server.query(TRAIL, {}))).toEqual(["UNAUTHENTICATED"]);
    expect(errorCodes(await server.as({ role: "CUSTOMER" })(TRAIL, {}))).toEqual(["FORBIDDEN"]);
    expect((await staff()(TRAIL, { after: "bm90LWEtY3Vyc29y" })).errors![0]!.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "after",
    });
    expect((await staff()(TRAIL, { productId: "abc" })).errors![0]!.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "productId",
    });
    expect((await staff()(TRAIL, { first: 101 })).errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
  });
});
