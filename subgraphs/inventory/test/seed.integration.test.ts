import { DEMO_NAMESPACE, demoProducts } from "@amazoff/demo-data";
import { uuidV5 } from "@amazoff/kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoStoreId, seedInventory } from "../src/seed/seed.ts";
import { createTestServer, type InventoryTestServer } from "./test-server.ts";

let server: InventoryTestServer;
beforeAll(async () => {
  server = await createTestServer({ env: { SEED_DEMO_DATA: true } });
});
afterAll(() => server?.stop());

describe("seedInventory", () => {
  it("loads the demo stores and the stock of the first 600 demo products at start-up (SEED_DEMO_DATA)", async () => {
    expect(await server.db.prisma.store.count()).toBe(5);
    const products = [...demoProducts(600)];
    const stocked = await server.db.prisma.stockLevel.groupBy({ by: ["productId"] });
    expect(stocked).toHaveLength(600);
    expect(new Set(stocked.map((s) => s.productId))).toEqual(new Set(products.map((p) => p.id)));
    // The opening stock is audited: INITIAL adjustments add up to what is on hand.
    const onHand = await server.db.prisma.stockLevel.aggregate({ _sum: { onHand: true } });
    const opening = await server.db.prisma.stockAdjustment.aggregate({ where: { kind: "INITIAL" }, _sum: { delta: true } });
    expect(opening._sum.delta).toBe(onHand._sum.onHand);
  });

  it("gives a realistic mix: mostly in stock, some low, some out of stock, capped publicly at 99", async () => {
    const representations = [...demoProducts(600)].map((p) => ({ __typename: "Product", id: p.id }));
    const response = await server.query(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { availability { status availableQuantity } } } }`,
      { r: representations },
    );
    expect(response.errors).toBeUndefined();
    const statuses = (response.data!._entities as { availability: { status: string; availableQuantity: number } }[]).map(
      (e) => e.availability,
    );
    const count = (status: string) => statuses.filter((s) => s.status === status).length;
    expect(count("OUT_OF_STOCK")).toBeGreaterThan(20);
    expect(count("LOW_STOCK")).toBeGreaterThan(30);
    expect(count("IN_STOCK")).toBeGreaterThan(400);
    expect(Math.max(...statuses.map((s) => s.availableQuantity))).toBe(99);
  });

  it("is idempotent, also when two runs race, and leaves changed stock alone", async () => {
    const first = [...demoProducts(1)][0]!;
    const warehouse = demoStoreId("WH-RNO");
    await server.db.prisma.stockLevel.update({
      where: { productId_storeId: { productId: first.id, storeId: warehouse } },
      data: { onHand: 1234 },
    });
    const again = await seedInventory(server.db);
    // A warm start reports what is there (the log says so), and adds nothing.
    expect(again).toMatchObject({ stores: 5, addedStores: 0, addedStockLevels: 0, addedAdjustments: 0 });
    expect(again.stockLevels).toBeGreaterThanOrEqual(600);
    expect(again.adjustments).toBeGreaterThan(0);
    await Promise.all([seedInventory(server.db), seedInventory(server.db)]);
    expect(await server.db.prisma.store.count()).toBe(5);
    const level = await server.db.prisma.stockLevel.findUniqueOrThrow({
      where: { productId_storeId: { productId: first.id, storeId: warehouse } },
    });
    expect(level.onHand).toBe(1234);
  });

  it("uses deterministic store ids other subgraphs can derive", () => {
    expect(demoStoreId("WH-RNO")).toBe(uuidV5(DEMO_NAMESPACE, "store:WH-RNO"));
  });
});
