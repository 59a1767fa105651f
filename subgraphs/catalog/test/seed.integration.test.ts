import { demoCategories } from "@amazoff/demo-data";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCatalog } from "../src/seed/seed.ts";
import { createTestServer, type CatalogTestServer } from "./test-server.ts";

let server: CatalogTestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(() => server?.stop());

describe("seedCatalog", () => {
  it("loads categories and products, and adds nothing when run again, reporting what the catalog holds", async () => {
    const categories = demoCategories().length;
    const first = await seedCatalog(server.db, 150);
    expect(first).toEqual({ categories, products: 150, addedCategories: categories, addedProducts: 150 });
    const again = await seedCatalog(server.db, 150);
    expect(again).toEqual({ categories, products: 150, addedCategories: 0, addedProducts: 0 });
    expect(await server.db.prisma.product.count()).toBe(150);
  });

  it("tops up to a larger count without duplicating", async () => {
    const more = await seedCatalog(server.db, 200);
    expect(more).toMatchObject({ products: 200, addedProducts: 50 });
    expect(await server.db.prisma.product.count()).toBe(200);
  });

  it("survives two concurrent runs", async () => {
    await Promise.all([seedCatalog(server.db, 260), seedCatalog(server.db, 260)]);
    expect(await server.db.prisma.product.count()).toBe(260);
  });
});

describe("database invariants", () => {
  it("refuses a negative price at the database level", async () => {
    const category = await server.db.prisma.category.findFirstOrThrow();
    await expect(
      server.db.prisma.product.create({
        data: { sku: "NEG-1", name: "x", slug: "neg-1", description: "x", priceAmount: -1, currency: "USD", categoryId: category.id },
      }),
    ).rejects.toThrow(/products_price_amount_non_negative/);
  });
});
