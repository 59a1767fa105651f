import { randomBytes, randomUUID } from "node:crypto";
import { clusterAt } from "@amazoff/db";
import { connectEventBus, createEvent, type EventBus } from "@amazoff/events";
import { createLogger } from "@amazoff/kit";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { CONSUMER, userDeletedHandler } from "../src/events/user-deleted.consumer.ts";
import { ADD, CREATE_GUEST, createTestServer, MERGE, type CartResult, type CartTestServer, type Shopper } from "./test-server.ts";

const log = createLogger({ service: "cart-test", level: "silent" });
const cluster = () => clusterAt(inject("pgAdminUrl"));
// pg-boss needs a database of its own: one on the test cluster for this file.
const eventsDatabase = `cart_events_${randomBytes(4).toString("hex")}`;

let server: CartTestServer;
let publisher: EventBus;
beforeAll(async () => {
  await cluster().ensureDatabase(eventsDatabase);
  server = await createTestServer({ products: 3, env: { EVENTS_DATABASE_URL: cluster().url(eventsDatabase) } });
  publisher = await connectEventBus({ connectionString: cluster().url(eventsDatabase), log });
});
afterAll(async () => {
  await publisher?.stop();
  await server?.stop();
  await cluster().dropDatabase(eventsDatabase);
});

/** A user with a cart, a merged guest cart and a checked-out order: everything that names them. */
async function userWithHistory(): Promise<Shopper> {
  const shopper = server.signIn();
  const guestCartId = (await server.query<{ createGuestCart: CartResult }>(CREATE_GUEST)).data!.createGuestCart.id;
  await server.query(ADD, { input: { productId: server.products[0]!.id, quantity: 1, guestCartId } });
  await shopper.query(MERGE, { guestCartId });
  await server.internal.post("/internal/carts/clear", { userId: shopper.userId, orderId: randomUUID() });
  await shopper.query(ADD, { input: { productId: server.products[1]!.id, quantity: 2 } });
  return shopper;
}

async function dataOf(userId: string) {
  const { prisma } = server.db;
  return {
    carts: await prisma.cart.count({ where: { userId } }),
    items: await prisma.cartItem.count({ where: { cart: { userId } } }),
    orders: await prisma.checkedOutOrder.count({ where: { userId } }),
    merges: await prisma.mergedGuestCart.count({ where: { userId } }),
  };
}
const nothing = { carts: 0, items: 0, orders: 0, merges: 0 };

describe("UserDeleted (GDPR erasure)", () => {
  it("deletes the user's cart and every marker naming them, and nobody else's", async () => {
    const erased = await userWithHistory();
    const kept = await userWithHistory();
    expect(await dataOf(erased.userId)).toEqual({ carts: 1, items: 1, orders: 1, merges: 1 });
    await userDeletedHandler(server.db.pool, log)(createEvent("users", "UserDeleted", { userId: erased.userId }));
    expect(await dataOf(erased.userId)).toEqual(nothing);
    expect(await dataOf(kept.userId)).toEqual({ carts: 1, items: 1, orders: 1, merges: 1 });
  });

  it("processes each event once: a redelivery does not touch what came after", async () => {
    const shopper = await userWithHistory();
    const event = createEvent("users", "UserDeleted", { userId: shopper.userId });
    const handle = userDeletedHandler(server.db.pool, log);
    await handle(event);
    // Say the account id were reused afterwards (it is not; this makes a redelivery visible).
    await shopper.query(ADD, { input: { productId: server.products[2]!.id, quantity: 1 } });
    await handle(event);
    expect((await dataOf(shopper.userId)).items).toBe(1);
    expect(await server.db.prisma.processedEvent.count({ where: { consumer: CONSUMER, eventId: event.id } })).toBe(1);
  });

  it("arrives through the event queue (pg-boss) and erases the user", async () => {
    const shopper = await userWithHistory();
    await publisher.publish(createEvent("users", "UserDeleted", { userId: shopper.userId }));
    const deadline = Date.now() + 20_000;
    while ((await dataOf(shopper.userId)).carts > 0) {
      if (Date.now() > deadline) throw new Error("the cart was not erased in time");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await dataOf(shopper.userId)).toEqual(nothing);
  });
});
