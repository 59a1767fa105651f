import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reserve, totals, transition } from "./support/stock.ts";
import { createTestServer, type InventoryTestServer } from "./test-server.ts";

let server: InventoryTestServer;
let storeA: string;
let storeB: string;
beforeAll(async () => {
  server = await createTestServer();
  storeA = await server.createStore({ kind: "WAREHOUSE" });
  storeB = await server.createStore();
});
afterAll(() => server?.stop());

/** Every stock row of these products keeps 0 <= reserved <= on_hand, and reserved is exactly what ACTIVE reservations hold. */
async function expectConsistent(productIds: string[]) {
  const rows = await server.db.prisma.$queryRaw<
    { product_id: string; store_id: string; on_hand: number; reserved: number; held: number }[]
  >`
    SELECT s.product_id, s.store_id, s.on_hand, s.reserved,
      COALESCE((SELECT SUM(i.quantity) FROM reservation_items i JOIN reservations r ON r.id = i.reservation_id
                WHERE r.status = 'ACTIVE' AND i.product_id = s.product_id AND i.store_id = s.store_id), 0)::int AS held
    FROM stock_levels s WHERE s.product_id = ANY(${productIds}::uuid[])`;
  for (const row of rows) {
    expect(row.reserved).toBeGreaterThanOrEqual(0);
    expect(row.reserved).toBeLessThanOrEqual(row.on_hand);
    expect(row.reserved).toBe(row.held);
  }
}

describe("no overselling", () => {
  it("200 concurrent checkouts of the last 10 units (over 2 stores): exactly 10 win, then commit to zero", async () => {
    const p = randomUUID();
    await server.putStock(p, storeA, 6);
    await server.putStock(p, storeB, 4);
    const ids = Array.from({ length: 200 }, () => randomUUID());
    const answers = await Promise.all(
      ids.map((reservationId) => reserve(server, { reservationId, items: [{ productId: p, quantity: 1 }] })),
    );

    const won = ids.filter((_, i) => answers[i]!.status === 200);
    const refused = answers.filter((a) => a.status === 409);
    expect(won).toHaveLength(10);
    expect(refused).toHaveLength(190);
    for (const a of refused) expect(a.body).toEqual({ status: "OUT_OF_STOCK", items: [{ productId: p, requested: 1, available: 0 }] });
    expect(await totals(server, p)).toEqual({ onHand: 10, reserved: 10 });
    expect(await server.db.prisma.reservation.count({ where: { id: { in: ids }, status: "ACTIVE" } })).toBe(10);
    expect(await server.db.prisma.reservation.count({ where: { id: { in: ids } } })).toBe(10);
    await expectConsistent([p]);

    const commits = await Promise.all(won.map((id) => transition(server, "commit", id)));
    expect(commits.every((c) => c.status === 200 && c.body.status === "COMMITTED")).toBe(true);
    expect(await totals(server, p)).toEqual({ onHand: 0, reserved: 0 });
    expect(await server.db.prisma.stockAdjustment.aggregate({ where: { productId: p, kind: "SALE" }, _sum: { delta: true } })).toEqual({
      _sum: { delta: -10 },
    });
  });

  it("multi-product checkouts listing products in opposite orders never deadlock", async () => {
    const [p1, p2] = [randomUUID(), randomUUID()];
    for (const p of [p1, p2]) {
      await server.putStock(p, storeA, 30);
      await server.putStock(p, storeB, 30);
    }
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        reserve(server, {
          items:
            i % 2
              ? [
                  { productId: p1, quantity: 1 },
                  { productId: p2, quantity: 1 },
                ]
              : [
                  { productId: p2, quantity: 1 },
                  { productId: p1, quantity: 1 },
                ],
        }),
      ),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(await totals(server, p1)).toEqual({ onHand: 60, reserved: 60 });
    expect(await totals(server, p2)).toEqual({ onHand: 60, reserved: 60 });
    await expectConsistent([p1, p2]);
  });

  it("keeps reserved equal to what active reservations hold under a concurrent mix of reserve, commit, release and expiry", async () => {
    const products = [randomUUID(), randomUUID(), randomUUID()];
    for (const p of products) {
      await server.putStock(p, storeA, 12);
      await server.putStock(p, storeB, 8);
    }
    const pick = (i: number) => products[i % products.length]!;
    const first = Array.from({ length: 40 }, (_, i) => ({
      id: randomUUID(),
      items: [
        { productId: pick(i), quantity: 1 + (i % 3) },
        { productId: pick(i + 1), quantity: 1 },
      ],
    }));
    const answers0 = await Promise.all(first.map((r) => reserve(server, { reservationId: r.id, items: r.items })));
    const held: string[] = first.filter((_, i) => answers0[i]!.status === 200).map((r) => r.id);
    expect(held.length).toBeGreaterThan(0);
    // Half of them overdue, then everything at once: commits, releases, new reserves and a sweep.
    for (const id of held.filter((_, i) => i % 4 === 3)) {
      await server.db.prisma.$executeRaw`UPDATE reservations SET expires_at = now() - interval '1 second' WHERE id = ${id}::uuid`;
    }
    const answers = await Promise.all([
      ...held.map((id, i) => transition(server, i % 2 ? "commit" : "release", id)),
      ...Array.from({ length: 30 }, (_, i) => reserve(server, { items: [{ productId: pick(i), quantity: 2 }] })),
      server.server.sweeper.sweep().then(() => ({ status: 200, body: {} })),
    ]);
    expect(answers.every((a) => a.status === 200 || a.status === 409)).toBe(true);
    await expectConsistent(products);
    const sold = await server.db.prisma.stockAdjustment.groupBy({
      by: ["productId"],
      where: { productId: { in: products }, kind: "SALE" },
      _sum: { delta: true },
    });
    for (const p of products) {
      const { onHand } = await totals(server, p);
      expect(onHand).toBe(20 + (sold.find((s) => s.productId === p)?._sum.delta ?? 0));
    }
  });
});
