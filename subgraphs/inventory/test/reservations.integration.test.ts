import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backdate, reservationStatus, reserve, stockOf, totals, transition } from "./support/stock.ts";
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

/** A fresh product with this stock per store. */
async function product(stock: [string, number][]): Promise<string> {
  const id = randomUUID();
  for (const [store, units] of stock) await server.putStock(id, store, units);
  return id;
}

describe("reserve", () => {
  it("holds stock across stores, most available first, and answers ACTIVE with the expiry", async () => {
    const p = await product([
      [warehouse, 5],
      [shop, 3],
    ]);
    const before = Date.now();
    const { status, body } = await reserve(server, { items: [{ productId: p, quantity: 7 }], ttlSeconds: 120 });
    expect(status).toBe(200);
    expect(body.status).toBe("ACTIVE");
    const expiresAt = new Date(body.expiresAt).getTime();
    expect(expiresAt).toBeGreaterThan(before + 110_000);
    expect(expiresAt).toBeLessThan(Date.now() + 130_000);
    const stock = await stockOf(server, p);
    expect(stock.get(warehouse)).toEqual({ onHand: 5, reserved: 5 });
    expect(stock.get(shop)).toEqual({ onHand: 3, reserved: 2 });
  });

  it("merges duplicate lines of one product", async () => {
    const p = await product([[warehouse, 4]]);
    const { status } = await reserve(server, {
      items: [
        { productId: p, quantity: 1 },
        { productId: p.toUpperCase(), quantity: 2 },
      ],
    });
    expect(status).toBe(200);
    expect(await totals(server, p)).toEqual({ onHand: 4, reserved: 3 });
  });

  it("never counts an inactive store", async () => {
    const p = await product([
      [closed, 50],
      [shop, 1],
    ]);
    const { status, body } = await reserve(server, { items: [{ productId: p, quantity: 2 }] });
    expect(status).toBe(409);
    expect(body).toEqual({ status: "OUT_OF_STOCK", items: [{ productId: p, requested: 2, available: 1 }] });
  });

  it("is all or nothing: one short product holds nothing at all and leaves no reservation", async () => {
    const plenty = await product([[warehouse, 10]]);
    const scarce = await product([[shop, 1]]);
    const unknown = randomUUID();
    const reservationId = randomUUID();
    const { status, body } = await reserve(server, {
      reservationId,
      items: [
        { productId: plenty, quantity: 2 },
        { productId: scarce, quantity: 3 },
        { productId: unknown, quantity: 1 },
      ],
    });
    expect(status).toBe(409);
    expect(body.status).toBe("OUT_OF_STOCK");
    expect(body.items).toEqual(
      expect.arrayContaining([
        { productId: scarce, requested: 3, available: 1 },
        { productId: unknown, requested: 1, available: 0 },
      ]),
    );
    expect(body.items).toHaveLength(2);
    expect(await totals(server, plenty)).toEqual({ onHand: 10, reserved: 0 });
    expect(await reservationStatus(server, reservationId)).toBeNull();
    // The id is still free: once stock arrives the same checkout may try again.
    await server.putStock(scarce, shop, 3);
    await server.putStock(unknown, shop, 1);
    expect(
      (
        await reserve(server, {
          reservationId,
          items: [
            { productId: plenty, quantity: 2 },
            { productId: scarce, quantity: 3 },
            { productId: unknown, quantity: 1 },
          ],
        })
      ).status,
    ).toBe(200);
  });

  it("is idempotent by reservation id: a repeat answers the same and holds nothing more", async () => {
    const p = await product([[warehouse, 5]]);
    const request = { reservationId: randomUUID(), userId: randomUUID(), items: [{ productId: p, quantity: 2 }] };
    const first = await reserve(server, request);
    const again = await reserve(server, request);
    expect(again).toEqual(first);
    expect(await totals(server, p)).toEqual({ onHand: 5, reserved: 2 });
  });

  it("makes one reservation out of five identical concurrent requests", async () => {
    const p = await product([
      [warehouse, 5],
      [shop, 5],
    ]);
    const request = { reservationId: randomUUID(), userId: randomUUID(), items: [{ productId: p, quantity: 3 }] };
    const answers = await Promise.all(Array.from({ length: 5 }, () => reserve(server, request)));
    expect(new Set(answers.map((a) => JSON.stringify(a)))).toEqual(new Set([JSON.stringify(answers[0])]));
    expect(answers[0]!.status).toBe(200);
    expect(await totals(server, p)).toEqual({ onHand: 10, reserved: 3 });
    expect(await server.db.prisma.reservation.count({ where: { id: request.reservationId } })).toBe(1);
  });

  it("refuses an id reused for other items or another user", async () => {
    const p = await product([[warehouse, 5]]);
    const request = { reservationId: randomUUID(), userId: randomUUID(), items: [{ productId: p, quantity: 1 }] };
    await reserve(server, request);
    const otherItems = await reserve(server, { ...request, items: [{ productId: p, quantity: 2 }] });
    expect(otherItems.status).toBe(409);
    expect(otherItems.body.error).toBe("reservation_mismatch");
    expect((await reserve(server, { ...request, userId: randomUUID() })).body.error).toBe("reservation_mismatch");
    expect(await totals(server, p)).toEqual({ onHand: 5, reserved: 1 });
  });
});

describe("commit, release, restock", () => {
  it("commits: sold units leave on hand and reserved, audited as SALE; a repeat is harmless", async () => {
    const p = await product([
      [warehouse, 5],
      [shop, 2],
    ]);
    const request = { reservationId: randomUUID(), userId: randomUUID(), items: [{ productId: p, quantity: 6 }] };
    const { reservationId } = request;
    const reserved = await reserve(server, request);
    expect(await transition(server, "commit", reservationId)).toEqual({ status: 200, body: { status: "COMMITTED" } });
    expect(await transition(server, "commit", reservationId)).toEqual({ status: 200, body: { status: "COMMITTED" } });
    expect(await totals(server, p)).toEqual({ onHand: 1, reserved: 0 });
    const sales = await server.db.prisma.stockAdjustment.findMany({ where: { productId: p }, orderBy: { delta: "asc" } });
    expect(sales.map((a) => [a.kind, a.delta, a.reservationId])).toEqual([
      ["SALE", -5, reservationId],
      ["SALE", -1, reservationId],
    ]);
    // A repeated reserve of a committed reservation reports it, holding nothing more.
    expect(await reserve(server, request)).toEqual({ status: 200, body: { status: "COMMITTED", expiresAt: reserved.body.expiresAt } });
    expect(await totals(server, p)).toEqual({ onHand: 1, reserved: 0 });
  });

  it("answers 404 for an unknown reservation", async () => {
    expect(await transition(server, "commit", randomUUID())).toEqual({
      status: 404,
      body: { error: "not_found", message: "no such reservation" },
    });
    expect((await transition(server, "restock", randomUUID())).status).toBe(404);
  });

  it("releases: held units are available again; releasing twice is harmless; a release refuses nothing sold", async () => {
    const p = await product([[warehouse, 3]]);
    const reservationId = randomUUID();
    await reserve(server, { reservationId, items: [{ productId: p, quantity: 3 }] });
    expect(await transition(server, "release", reservationId)).toEqual({ status: 200, body: { status: "RELEASED" } });
    expect(await transition(server, "release", reservationId)).toEqual({ status: 200, body: { status: "RELEASED" } });
    expect(await totals(server, p)).toEqual({ onHand: 3, reserved: 0 });
    expect(await transition(server, "commit", reservationId)).toEqual({ status: 409, body: { status: "RELEASED" } });
    expect((await reserve(server, { reservationId, items: [{ productId: p, quantity: 3 }] })).body).toEqual({ status: "RELEASED" });
  });

  it("refuses to release a committed reservation", async () => {
    const p = await product([[warehouse, 3]]);
    const reservationId = randomUUID();
    await reserve(server, { reservationId, items: [{ productId: p, quantity: 1 }] });
    await transition(server, "commit", reservationId);
    expect(await transition(server, "release", reservationId)).toEqual({ status: 409, body: { status: "COMMITTED" } });
  });

  it("records a tombstone for a release of an unknown id, so a late reserve with it is refused", async () => {
    const p = await product([[warehouse, 3]]);
    const reservationId = randomUUID();
    expect(await transition(server, "release", reservationId)).toEqual({ status: 200, body: { status: "RELEASED" } });
    expect(await reserve(server, { reservationId, items: [{ productId: p, quantity: 1 }] })).toEqual({
      status: 409,
      body: { status: "RELEASED" },
    });
    expect(await totals(server, p)).toEqual({ onHand: 3, reserved: 0 });
    expect(await transition(server, "commit", reservationId)).toEqual({ status: 409, body: { status: "RELEASED" } });
  });

  it("restocks a committed reservation into the stores it came from, audited as RETURN, once", async () => {
    const p = await product([
      [warehouse, 2],
      [shop, 2],
    ]);
    const reservationId = randomUUID();
    await reserve(server, { reservationId, items: [{ productId: p, quantity: 3 }] });
    expect((await transition(server, "restock", reservationId)).body).toEqual({ status: "ACTIVE" });
    await transition(server, "commit", reservationId);
    expect(await transition(server, "restock", reservationId)).toEqual({ status: 200, body: { status: "RESTOCKED" } });
    expect(await transition(server, "restock", reservationId)).toEqual({ status: 200, body: { status: "RESTOCKED" } });
    expect(await stockOf(server, p)).toEqual(
      new Map([
        [warehouse, { onHand: 2, reserved: 0 }],
        [shop, { onHand: 2, reserved: 0 }],
      ]),
    );
    const returns = await server.db.prisma.stockAdjustment.findMany({ where: { productId: p, kind: "RETURN" } });
    expect(returns.reduce((n, a) => n + a.delta, 0)).toBe(3);
    expect(await transition(server, "release", reservationId)).toEqual({ status: 409, body: { status: "RESTOCKED" } });
  });
});

describe("expiry", () => {
  it("the sweeper releases an overdue reservation, and commit then answers 409 EXPIRED", async () => {
    const p = await product([[warehouse, 2]]);
    const reservationId = randomUUID();
    await reserve(server, { reservationId, items: [{ productId: p, quantity: 2 }], ttlSeconds: 30 });
    await backdate(server, reservationId);
    expect(await server.server.sweeper.sweep()).toBeGreaterThanOrEqual(1);
    expect(await reservationStatus(server, reservationId)).toBe("EXPIRED");
    expect(await totals(server, p)).toEqual({ onHand: 2, reserved: 0 });
    expect(await transition(server, "commit", reservationId)).toEqual({ status: 409, body: { status: "EXPIRED" } });
    // Releasing an expired reservation succeeds: its stock is already back.
    expect(await transition(server, "release", reservationId)).toEqual({ status: 200, body: { status: "RELEASED" } });
    expect(await reserve(server, { reservationId, items: [{ productId: p, quantity: 2 }] })).toEqual({
      status: 409,
      body: { status: "EXPIRED" },
    });
  });

  it("commit expires an overdue reservation itself when the sweeper has not run yet", async () => {
    const p = await product([[warehouse, 2]]);
    const reservationId = randomUUID();
    await reserve(server, { reservationId, items: [{ productId: p, quantity: 2 }] });
    await backdate(server, reservationId);
    expect(await transition(server, "commit", reservationId)).toEqual({ status: 409, body: { status: "EXPIRED" } });
    expect(await totals(server, p)).toEqual({ onHand: 2, reserved: 0 });
  });

  it("a reserve first expires overdue holds on its products, so they never cause a refusal", async () => {
    const p = await product([[warehouse, 1]]);
    const stale = randomUUID();
    await reserve(server, { reservationId: stale, items: [{ productId: p, quantity: 1 }] });
    await backdate(server, stale);
    expect((await reserve(server, { items: [{ productId: p, quantity: 1 }] })).status).toBe(200);
    expect(await reservationStatus(server, stale)).toBe("EXPIRED");
  });

  it("runs on its own every INVENTORY_SWEEP_INTERVAL_MS and stops cleanly", async () => {
    const fast = await createTestServer({ env: { INVENTORY_SWEEP_INTERVAL_MS: 100 } });
    try {
      const store = await fast.createStore();
      const p = randomUUID();
      await fast.putStock(p, store, 1);
      const reservationId = randomUUID();
      await reserve(fast, { reservationId, items: [{ productId: p, quantity: 1 }] });
      await backdate(fast, reservationId);
      const deadline = Date.now() + 5_000;
      while ((await reservationStatus(fast, reservationId)) !== "EXPIRED") {
        if (Date.now() > deadline) throw new Error("the sweeper did not expire the reservation");
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(await totals(fast, p)).toEqual({ onHand: 1, reserved: 0 });
    } finally {
      await fast.stop();
    }
  });
});

describe("availability", () => {
  it("answers exact available units per distinct product, in request order, 0 for unknown ones", async () => {
    const p = await product([
      [warehouse, 150],
      [shop, 2],
      [closed, 9],
    ]);
    const unknown = randomUUID();
    await reserve(server, { items: [{ productId: p, quantity: 10 }] });
    const { status, body } = await server.internal.post("/internal/availability", { productIds: [unknown, p, p] });
    expect(status).toBe(200);
    expect(body).toEqual({
      items: [
        { productId: unknown, available: 0 },
        { productId: p, available: 142 },
      ],
    });
  });
});
