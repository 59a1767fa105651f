import { randomBytes, randomUUID } from "node:crypto";
import { clusterAt } from "@amazoff/db";
import { connectEventBus, type DomainEvent, type EventBus } from "@amazoff/events";
import { createLogger } from "@amazoff/kit";
import { errorCodes } from "@amazoff/kit/testing";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { reserve, totals, transition } from "./support/stock.ts";
import { createTestServer, type InventoryTestServer } from "./test-server.ts";

let server: InventoryTestServer;
let store: string;
const staff = () => server.as({ role: "EMPLOYEE" });
beforeAll(async () => {
  server = await createTestServer();
  store = await server.createStore();
});
afterAll(() => server?.stop());

const ADJUST = `mutation($input: AdjustStockInput!) { adjustStock(input: $input) { onHand low } }`;
const adjust = (productId: string, delta: number) =>
  staff()(ADJUST, { input: { productId, storeId: store, delta, reason: "Stock count" } });

async function stockLowEvents(productId: string) {
  const rows = await server.db.prisma.outboxEvent.findMany({ where: { type: "StockLow" }, orderBy: { occurredAt: "asc" } });
  return rows.map((r) => r.payload as unknown as DomainEvent<"StockLow">).filter((e) => e.payload.productId === productId);
}

describe("StockLow through the outbox", () => {
  it("fires once when a staff change leaves the store at or below its threshold, and re-arms above it", async () => {
    const productId = randomUUID();
    await server.putStock(productId, store, 10, 4);
    await adjust(productId, -5); // 5 left: not low
    expect(await stockLowEvents(productId)).toEqual([]);
    await adjust(productId, -1); // 4 left: low
    await adjust(productId, -1); // 3 left: still the same episode
    const events = await stockLowEvents(productId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "StockLow", source: "inventory", payload: { productId, storeId: store, available: 4 } });
    await adjust(productId, 10); // 13: above again
    await adjust(productId, -10); // 3: a new episode
    expect((await stockLowEvents(productId)).map((e) => e.payload.available)).toEqual([4, 3]);
  });

  it("fires when a sale (commit) leaves the store low, not when the units are only reserved", async () => {
    const productId = randomUUID();
    await server.putStock(productId, store, 6, 2);
    const reservationId = randomUUID();
    await reserve(server, { reservationId, items: [{ productId, quantity: 5 }] });
    expect(await stockLowEvents(productId)).toEqual([]);
    await transition(server, "commit", reservationId);
    expect((await stockLowEvents(productId)).map((e) => e.payload)).toEqual([{ productId, storeId: store, available: 1 }]);
  });

  it("fires when a new threshold makes the current stock low", async () => {
    const productId = randomUUID();
    await server.putStock(productId, store, 6, 2);
    await staff()(`mutation($input: SetLowStockThresholdInput!) { setLowStockThreshold(input: $input) { low } }`, {
      input: { productId, storeId: store, threshold: 6 },
    });
    expect((await stockLowEvents(productId)).map((e) => e.payload.available)).toEqual([6]);
  });

  it("commits the event with the change or not at all", async () => {
    const productId = randomUUID();
    await server.putStock(productId, store, 10, 5);
    // Make the outbox refuse this product's events: the stock change and its audit row must roll back with it.
    await server.db.prisma.$executeRawUnsafe(`
      CREATE FUNCTION refuse_event() RETURNS trigger AS $$
      BEGIN
        IF NEW.payload->'payload'->>'productId' = '${productId}' THEN RAISE EXCEPTION 'outbox unavailable'; END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
    await server.db.prisma.$executeRawUnsafe(
      `CREATE TRIGGER refuse_event BEFORE INSERT ON outbox_events FOR EACH ROW EXECUTE FUNCTION refuse_event()`,
    );
    try {
      const response = await adjust(productId, -6);
      expect(errorCodes(response)).toEqual(["INTERNAL"]);
      expect(JSON.stringify(response.errors)).not.toMatch(/outbox|trigger|SQL|stack/i);
      expect(await totals(server, productId)).toEqual({ onHand: 10, reserved: 0 });
      expect(await server.db.prisma.stockAdjustment.count({ where: { productId } })).toBe(0);
    } finally {
      await server.db.prisma.$executeRawUnsafe(`DROP TRIGGER refuse_event ON outbox_events`);
      await server.db.prisma.$executeRawUnsafe(`DROP FUNCTION refuse_event()`);
    }
  });
});

async function stockChangedEvents(productId: string) {
  const rows = await server.db.prisma.outboxEvent.findMany({ where: { type: "StockChanged" }, orderBy: { occurredAt: "asc" } });
  return rows
    .map((r) => r.payload as unknown as DomainEvent<"StockChanged">)
    .filter((e) => e.payload.productId === productId)
    .map((e) => `${e.payload.status} ${e.payload.availableQuantity}`);
}

describe("StockChanged through the outbox", () => {
  it("goes out on every change of the availability shoppers see: quantity and status", async () => {
    const productId = randomUUID();
    await server.putStock(productId, store, 10, 4);
    await adjust(productId, -5);
    await adjust(productId, -1);
    await adjust(productId, -4);
    await adjust(productId, 2);
    expect(await stockChangedEvents(productId)).toEqual(["IN_STOCK 5", "LOW_STOCK 4", "OUT_OF_STOCK 0", "LOW_STOCK 2"]);
  });

  it("follows reservations, releases and expiries, but not a sale of units already reserved", async () => {
    const productId = randomUUID();
    await server.putStock(productId, store, 6);
    const sold = randomUUID();
    const released = randomUUID();
    await reserve(server, { reservationId: sold, items: [{ productId, quantity: 2 }] });
    await reserve(server, { reservationId: released, items: [{ productId, quantity: 1 }] });
    await transition(server, "commit", sold);
    await transition(server, "release", released);
    expect(await stockChangedEvents(productId)).toEqual(["IN_STOCK 4", "IN_STOCK 3", "IN_STOCK 4"]);
  });

  it("goes out when a threshold change alters the status, and not for one that changes nothing shoppers see", async () => {
    const productId = randomUUID();
    await server.putStock(productId, store, 6, 2);
    const setThreshold = (threshold: number) =>
      staff()(`mutation($input: SetLowStockThresholdInput!) { setLowStockThreshold(input: $input) { low } }`, {
        input: { productId, storeId: store, threshold },
      });
    await setThreshold(3);
    await setThreshold(6);
    expect(await stockChangedEvents(productId)).toEqual(["LOW_STOCK 6"]);
  });

  it("stays quiet for stock shoppers cannot see: above the 99 shown, or in a closed store", async () => {
    const productId = randomUUID();
    const closed = await server.createStore({ active: false });
    await server.putStock(productId, store, 300);
    await server.putStock(productId, closed, 5);
    await adjust(productId, -100);
    await staff()(ADJUST, { input: { productId, storeId: closed, delta: -3, reason: "Stock count" } });
    expect(await stockChangedEvents(productId)).toEqual([]);
    await adjust(productId, -150);
    expect(await stockChangedEvents(productId)).toEqual(["IN_STOCK 50"]);
  });
});

describe("relay to the event queue", () => {
  let bus: EventBus;
  let eventsDb: string;
  let relayed: InventoryTestServer;
  beforeAll(async () => {
    const cluster = clusterAt(inject("pgAdminUrl"));
    eventsDb = `inventory_events_${randomBytes(4).toString("hex")}`;
    await cluster.ensureDatabase(eventsDb);
    bus = await connectEventBus({
      connectionString: cluster.url(eventsDb),
      log: createLogger({ service: "test-bus", level: "silent" }),
      pollingIntervalSeconds: 0.5,
    });
    relayed = await createTestServer({ bus });
  });
  afterAll(async () => {
    await relayed?.stop();
    await bus?.stop();
    await clusterAt(inject("pgAdminUrl")).dropDatabase(eventsDb);
  });

  it("delivers a StockLow event to a subscriber and marks the outbox row published", async () => {
    const received: DomainEvent<"StockLow">[] = [];
    await bus.subscribe("inventory-test", ["StockLow"], async (event) => {
      if (event.type === "StockLow") received.push(event as DomainEvent<"StockLow">);
    });
    const shop = await relayed.createStore();
    const productId = randomUUID();
    await relayed.putStock(productId, shop, 3, 1);
    const response = await relayed.as({ role: "EMPLOYEE" })(ADJUST, { input: { productId, storeId: shop, delta: -2, reason: "Broken" } });
    expect(response.errors).toBeUndefined();
    const deadline = Date.now() + 20_000;
    while (!received.some((e) => e.payload.productId === productId)) {
      if (Date.now() > deadline) throw new Error("StockLow was not delivered");
      await new Promise((r) => setTimeout(r, 100));
    }
    const event = received.find((e) => e.payload.productId === productId)!;
    expect(event.payload).toEqual({ productId, storeId: shop, available: 1 });
    const row = await relayed.db.prisma.outboxEvent.findUniqueOrThrow({ where: { id: event.id } });
    expect(row.publishedAt).toBeInstanceOf(Date);
  });
});
