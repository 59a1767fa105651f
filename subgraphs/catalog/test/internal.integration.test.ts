import { demoProducts } from "@amazoff/demo-data";
import { internalClient } from "@amazoff/kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestServer, TEST_INTERNAL_SECRET, type CatalogTestServer } from "./test-server.ts";

const demo = [...demoProducts(10)];
let server: CatalogTestServer;
beforeAll(async () => {
  server = await createTestServer({ products: 10 });
});
afterAll(() => server?.stop());

const base = () => server.url.replace(/\/graphql$/, "");

describe("POST /internal/products/snapshot", () => {
  it("returns name, SKU and current price of known products, leaving unknown ids out", async () => {
    const client = internalClient(base(), TEST_INTERNAL_SECRET);
    const ids = [demo[0]!.id, demo[1]!.id, "00000000-0000-4000-8000-000000000000"];
    const { status, body } = await client.post<{ items: { productId: string; sku: string; price: { amount: number } }[] }>(
      "/internal/products/snapshot",
      { productIds: ids },
    );
    expect(status).toBe(200);
    expect(body.items.map((i) => i.productId).sort()).toEqual([demo[0]!.id, demo[1]!.id].sort());
    const first = body.items.find((i) => i.productId === demo[0]!.id)!;
    expect(first).toEqual({
      productId: demo[0]!.id,
      sku: demo[0]!.sku,
      name: demo[0]!.name,
      price: { amount: demo[0]!.priceAmount, currency: "USD" },
    });
  });

  it("refuses callers without the internal secret", async () => {
    const wrong = await internalClient(base(), "not-the-secret-at-all").post("/internal/products/snapshot", { productIds: [demo[0]!.id] });
    expect(wrong.status).toBe(401);
    const none = await fetch(`${base()}/internal/products/snapshot`, { method: "POST", body: "{}" });
    expect(none.status).toBe(401);
  });

  it("rejects malformed bodies with 400", async () => {
    const client = internalClient(base(), TEST_INTERNAL_SECRET);
    expect((await client.post("/internal/products/snapshot", { productIds: ["nope"] })).status).toBe(400);
    expect((await client.post("/internal/products/snapshot", { productIds: [] })).status).toBe(400);
  });
});
