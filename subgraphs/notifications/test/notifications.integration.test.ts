import { createEvent } from "@amazoff/events";
import { randomUUID } from "node:crypto";
import { errorCodes } from "@amazoff/kit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONSUMER } from "../src/events/notification-consumer.ts";
import { createTestServer, NOTIFICATION_FIELDS, USER_NOTIFICATIONS, type Member, type NotificationsTestServer } from "./test-server.ts";

let t: NotificationsTestServer;
beforeAll(async () => {
  t = await createTestServer();
});
afterAll(() => t?.stop());

interface NotificationNode {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  readAt: string | null;
  order: { id: string } | null;
  product: { id: string } | null;
}

async function notificationsOf(member: Member, variables: Record<string, unknown> = {}) {
  const response = await member.query(USER_NOTIFICATIONS, { id: member.id, first: 50, ...variables });
  expect(response.errors).toBeUndefined();
  const user = response.data!._entities[0];
  return {
    unread: user.unreadNotificationCount as number,
    totalCount: user.notifications.totalCount as number,
    pageInfo: user.notifications.pageInfo,
    nodes: user.notifications.edges.map((e: { node: NotificationNode }) => e.node) as NotificationNode[],
    cursors: user.notifications.edges.map((e: { cursor: string }) => e.cursor) as string[],
  };
}

describe("notifications from domain events", () => {
  it("welcomes a new account, confirms its orders, and tells of each later move of an order", async () => {
    const ada = await t.signIn();
    const orderId = randomUUID();
    await t.deliver("UserRegistered", { userId: ada.id, role: "CUSTOMER" });
    await t.deliver("OrderStatusChanged", { orderId, userId: ada.id, from: "PENDING_PAYMENT", to: "PAID" });
    await t.deliver("OrderPlaced", { orderId, userId: ada.id });
    await t.deliver("OrderStatusChanged", { orderId, userId: ada.id, from: "PAID", to: "FULFILLED" });
    await t.deliver("OrderStatusChanged", { orderId, userId: ada.id, from: "FULFILLED", to: "SHIPPED" });
    await t.deliver("PaymentFailed", { orderId: randomUUID(), userId: ada.id, reason: "card_declined" });
    const { nodes, unread } = await notificationsOf(ada);
    expect(nodes.map((n) => n.kind)).toEqual(["PAYMENT_FAILED", "ORDER_STATUS_CHANGED", "ORDER_STATUS_CHANGED", "ORDER_PLACED", "WELCOME"]);
    expect(unread).toBe(5);
    expect(nodes[1]).toMatchObject({ title: "Your order has shipped", link: `/orders/${orderId}`, order: { id: orderId }, product: null });
    expect(nodes[3]).toMatchObject({ title: "Order confirmed", order: { id: orderId } });
    expect(nodes[4]).toMatchObject({ title: "Welcome to Amazoff", order: null });
    expect(nodes[0]!.body).toContain("Your card was declined");
    // The orders it heard of are known to belong to Ada (orderStatusChanged authorizes with it).
    expect(await t.db.prisma.orderOwner.findUnique({ where: { orderId } })).toEqual({ orderId, userId: ada.id });
  });

  it("tells every staff member, and no one else, that stock is low", async () => {
    const staff = await Promise.all([t.signIn("EMPLOYEE"), t.signIn("ADMIN")]);
    const customer = await t.signIn();
    const productId = randomUUID();
    await t.deliver("StockLow", { productId, storeId: randomUUID(), available: 2 });
    for (const member of staff) {
      const { nodes } = await notificationsOf(member);
      expect(nodes.filter((n) => n.kind === "STOCK_LOW" && n.product?.id === productId)).toHaveLength(1);
    }
    expect((await notificationsOf(customer)).nodes).toEqual([]);
  });

  it("makes nothing more when an event is delivered again", async () => {
    const bo = await t.signIn();
    const orderId = randomUUID();
    const event = { orderId, userId: bo.id, from: "PAID", to: "SHIPPED" };
    const shipped = createEvent("orders", "OrderStatusChanged", event);
    await Promise.all([t.server.handleEvent(shipped), t.server.handleEvent(shipped)]);
    await t.server.handleEvent(shipped);
    expect((await notificationsOf(bo)).nodes).toHaveLength(1);
    expect(await t.db.prisma.processedEvent.count({ where: { consumer: CONSUMER, eventId: shipped.id } })).toBe(1);
  });

  it("erases a deleted user's notifications, preferences and pending deliveries, and makes no more for them", async () => {
    const gone = await t.signIn();
    const kept = await t.signIn();
    await gone.query(`mutation { updateNotificationPreferences(input: { sms: true, smsNumber: "+14155550123" }) { sms } }`);
    for (const member of [gone, kept]) await t.deliver("UserRegistered", { userId: member.id, role: "CUSTOMER" });
    expect(await t.db.prisma.delivery.count({ where: { recipientId: gone.id } })).toBeGreaterThan(0);
    await t.deliver("UserDeleted", { userId: gone.id });
    await t.deliver("OrderPlaced", { orderId: randomUUID(), userId: gone.id });
    expect(await t.db.prisma.notification.count({ where: { recipientId: gone.id } })).toBe(0);
    expect(await t.db.prisma.delivery.count({ where: { recipientId: gone.id } })).toBe(0);
    expect(await t.db.prisma.notificationPreference.count({ where: { userId: gone.id } })).toBe(0);
    expect(await t.db.prisma.orderOwner.count({ where: { userId: gone.id } })).toBe(0);
    expect(await t.db.prisma.notification.count({ where: { recipientId: kept.id } })).toBe(1);
  });
});

describe("reading and marking notifications", () => {
  let owner: Member;
  let ids: string[];
  beforeAll(async () => {
    owner = await t.signIn();
    for (let i = 0; i < 5; i += 1) await t.deliver("OrderPlaced", { orderId: randomUUID(), userId: owner.id });
    ids = (await notificationsOf(owner)).nodes.map((n) => n.id);
  });

  it("pages through a user's notifications, newest first, with opaque cursors", async () => {
    const first = await notificationsOf(owner, { first: 2 });
    expect(first).toMatchObject({ totalCount: 5, pageInfo: { hasNextPage: true, hasPreviousPage: false } });
    const second = await notificationsOf(owner, { first: 2, after: first.pageInfo.endCursor });
    const third = await notificationsOf(owner, { first: 2, after: second.pageInfo.endCursor });
    expect([...first.nodes, ...second.nodes, ...third.nodes].map((n) => n.id)).toEqual(ids);
    expect(third.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const bad = await owner.query(USER_NOTIFICATIONS, { id: owner.id, after: "not-a-cursor" });
    expect(errorCodes(bad)).toEqual(["BAD_USER_INPUT"]);
    const tooMany = await owner.query(USER_NOTIFICATIONS, { id: owner.id, first: 101 });
    expect(errorCodes(tooMany)).toEqual(["BAD_USER_INPUT"]);
  });

  it("marks some read, then all; the unread count and the unread-only listing follow", async () => {
    const marked = await owner.query(`mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) { id readAt } }`, {
      ids: [ids[1], ids[3]],
    });
    expect(marked.data!.markNotificationsRead.map((n: { id: string }) => n.id)).toEqual([ids[1], ids[3]]);
    expect(marked.data!.markNotificationsRead.every((n: { readAt: string | null }) => n.readAt)).toBe(true);
    const unread = await notificationsOf(owner, { unreadOnly: true });
    expect(unread).toMatchObject({ unread: 3, totalCount: 3 });
    expect(unread.nodes.map((n) => n.id)).toEqual([ids[0], ids[2], ids[4]]);
    // Marking again keeps the time it was first read.
    const again = await owner.query(`mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) { readAt } }`, { ids: [ids[1]] });
    expect(again.data!.markNotificationsRead[0].readAt).toBe(marked.data!.markNotificationsRead[0].readAt);
    const all = await owner.query(`mutation { markAllNotificationsRead }`);
    expect(all.data).toEqual({ markAllNotificationsRead: 3 });
    expect((await notificationsOf(owner)).unread).toBe(0);
  });

  it("keeps notifications private: another user, staff or an anonymous caller reads nothing and marks nothing", async () => {
    const stranger = await t.signIn();
    const staff = await t.signIn("ADMIN");
    for (const member of [stranger, staff]) {
      const read = await member.query(USER_NOTIFICATIONS, { id: owner.id });
      expect(read.data!._entities[0]).toEqual({ unreadNotificationCount: null, notifications: null });
      expect(errorCodes(read)).toEqual(["FORBIDDEN", "FORBIDDEN"]);
      const mark = await member.query(`mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) { id } }`, { ids: [ids[0]] });
      expect(errorCodes(mark)).toEqual(["NOT_FOUND"]);
      const entity = await member.query(
        `query($id: ID!) { _entities(representations: [{ __typename: "Notification", id: $id }]) { ... on Notification { id } } }`,
        { id: ids[0] },
      );
      expect(entity.data!._entities).toEqual([null]);
    }
    const anonymous = await t.query(USER_NOTIFICATIONS, { id: owner.id });
    expect(errorCodes(anonymous)).toEqual(["UNAUTHENTICATED", "UNAUTHENTICATED"]);
    expect(errorCodes(await t.query(`mutation { markAllNotificationsRead }`))).toEqual(["UNAUTHENTICATED"]);
    // A mix of the owner's ids and an unknown one marks nothing.
    const mixed = await owner.query(`mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) { id } }`, { ids: [ids[0], randomUUID()] });
    expect(errorCodes(mixed)).toEqual(["NOT_FOUND"]);
    expect(errorCodes(await owner.query(`mutation { markNotificationsRead(ids: ["nope"]) { id } }`))).toEqual(["BAD_USER_INPUT"]);
  });

  it("resolves a notification entity for its recipient (the router completes references with it)", async () => {
    const response = await owner.query(
      `query($id: ID!) { _entities(representations: [{ __typename: "Notification", id: $id }]) { ... on Notification { ${NOTIFICATION_FIELDS} } } }`,
      { id: ids[0] },
    );
    expect(response.data!._entities[0]).toMatchObject({ id: ids[0], kind: "ORDER_PLACED", recipient: { id: owner.id } });
  });
});

describe("notification preferences", () => {
  const PREFS = `email sms smsNumber mutedKinds`;
  const UPDATE = `mutation($input: NotificationPreferencesInput!) { updateNotificationPreferences(input: $input) { ${PREFS} } }`;

  it("starts from the defaults, and changes what is given", async () => {
    const member = await t.signIn();
    expect((await member.query(`{ notificationPreferences { ${PREFS} } }`)).data).toEqual({
      notificationPreferences: { email: true, sms: false, smsNumber: null, mutedKinds: [] },
    });
    const changed = await member.query(UPDATE, {
      input: { smsNumber: "+1 (415) 555-0123", sms: true, mutedKinds: ["WELCOME", "STOCK_LOW"] },
    });
    expect(changed.data!.updateNotificationPreferences).toEqual({
      email: true,
      sms: true,
      smsNumber: "+14155550123",
      mutedKinds: ["WELCOME", "STOCK_LOW"],
    });
    const emailOff = await member.query(UPDATE, { input: { email: false } });
    expect(emailOff.data!.updateNotificationPreferences).toMatchObject({ email: false, sms: true, mutedKinds: ["WELCOME", "STOCK_LOW"] });
    const numberGone = await member.query(UPDATE, { input: { smsNumber: null } });
    expect(numberGone.data!.updateNotificationPreferences).toMatchObject({ sms: false, smsNumber: null });
  });

  it("refuses SMS without a valid E.164 number, naming the field", async () => {
    const member = await t.signIn();
    const noNumber = await member.query(UPDATE, { input: { sms: true } });
    expect(noNumber.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.smsNumber" });
    const badNumber = await member.query(UPDATE, { input: { sms: true, smsNumber: "0415 555 0123" } });
    expect(badNumber.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.smsNumber" });
    expect((await member.query(`{ notificationPreferences { sms smsNumber } }`)).data).toEqual({
      notificationPreferences: { sms: false, smsNumber: null },
    });
  });

  it("needs a signed-in user", async () => {
    expect(errorCodes(await t.query(`{ notificationPreferences { email } }`))).toEqual(["UNAUTHENTICATED"]);
    expect(errorCodes(await t.query(UPDATE, { input: { email: false } }))).toEqual(["UNAUTHENTICATED"]);
  });

  it("decides which channels each notification goes out by: muted kinds and channels turned off get none", async () => {
    const member = await t.signIn();
    await member.query(UPDATE, { input: { mutedKinds: ["WELCOME"] } });
    await t.deliver("UserRegistered", { userId: member.id, role: "CUSTOMER" });
    await t.deliver("OrderPlaced", { orderId: randomUUID(), userId: member.id });
    await member.query(UPDATE, { input: { email: false } });
    await t.deliver("OrderPlaced", { orderId: randomUUID(), userId: member.id });
    const deliveries = await t.db.prisma.delivery.findMany({ where: { recipientId: member.id }, include: { notification: true } });
    expect(deliveries.map((d) => `${d.notification.kind} ${d.channel}`)).toEqual(["ORDER_PLACED EMAIL"]);
    // In-app is always on.
    expect(await t.db.prisma.notification.count({ where: { recipientId: member.id } })).toBe(3);
  });
});
