import { randomBytes } from "node:crypto";
import { clusterAt } from "@amazoff/db";
import { connectEventBus, createEvent, type EventBus } from "@amazoff/events";
import { createLogger } from "@amazoff/kit";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestServer, type NotificationsTestServer } from "./test-server.ts";

const cluster = () => clusterAt(inject("pgAdminUrl"));
// pg-boss needs a database of its own: one on the test cluster for this file.
const eventsDatabase = `notifications_events_${randomBytes(4).toString("hex")}`;

let t: NotificationsTestServer;
let publisher: EventBus;
beforeAll(async () => {
  await cluster().ensureDatabase(eventsDatabase);
  t = await createTestServer({ env: { EVENTS_DATABASE_URL: cluster().url(eventsDatabase) } });
  publisher = await connectEventBus({
    connectionString: cluster().url(eventsDatabase),
    log: createLogger({ service: "publisher", level: "silent" }),
  });
});
afterAll(async () => {
  await publisher?.stop();
  await t?.stop();
  await cluster().dropDatabase(eventsDatabase);
});

describe("from the durable event queue", () => {
  it("consumes the events other subgraphs publish, each once even when published twice", async () => {
    const member = await t.signIn();
    const event = createEvent("users", "UserRegistered", { userId: member.id, role: "CUSTOMER" });
    await publisher.publish(event);
    await publisher.publish(event);
    await expect.poll(() => t.db.prisma.notification.count({ where: { recipientId: member.id } }), { timeout: 20_000 }).toBe(1);
    const later = createEvent("orders", "OrderPlaced", { orderId: event.id, userId: member.id });
    await publisher.publish(later);
    await expect.poll(() => t.db.prisma.notification.count({ where: { recipientId: member.id } }), { timeout: 20_000 }).toBe(2);
    expect(await t.db.prisma.processedEvent.count({ where: { eventId: event.id } })).toBe(1);
  });
});
