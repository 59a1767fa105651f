import { createEvent } from "@amazoff/events";
import { randomUUID } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETED_DISPLAY_NAME, deletedEmail } from "../../users/src/users/user.model.ts";
import type { RunningNotifications } from "../src/server.ts";
import { startTestSmtp, type TestSmtp } from "./support/smtp.ts";
import { createTestServer, type Member, type NotificationsTestServer } from "./test-server.ts";

let smtp: TestSmtp;
let t: NotificationsTestServer;
beforeAll(async () => {
  smtp = await startTestSmtp();
  // Retries wait a minute: a test makes them due (makeDue) rather than waiting.
  t = await createTestServer({ env: { SMTP_URL: smtp.url, NOTIFICATIONS_DELIVERY_RETRY_MS: 60_000 } });
});
afterAll(async () => {
  await t?.stop();
  await smtp?.stop();
});

const deliveriesOf = (recipientId: string) => t.db.prisma.delivery.findMany({ where: { recipientId }, orderBy: { createdAt: "asc" } });
const mailTo = (email: string) => smtp.received.filter((m) => m.to && !Array.isArray(m.to) && m.to.value[0]?.address === email);

/** Sends, making retries due at once, until none of the user's deliveries is pending. */
async function sendUntilSettled(recipientId: string) {
  for (;;) {
    await t.sendDue();
    if ((await deliveriesOf(recipientId)).every((d) => d.status !== "PENDING")) return;
    await t.makeDue(recipientId);
  }
}

describe("email through SMTP", () => {
  it("sends a notification's email in plain text and HTML, with the shop's name and a link back, once", async () => {
    const ada = await t.signIn();
    const orderId = randomUUID();
    await t.deliver("OrderPlaced", { orderId, userId: ada.id });
    await sendUntilSettled(ada.id);
    const [mail, ...more] = mailTo(ada.email);
    expect(more).toEqual([]);
    expect(mail!.subject).toBe("Order confirmed — Amazoff");
    expect(mail!.from?.value[0]).toMatchObject({ address: "no-reply@shop.example.com", name: "Amazoff" });
    expect(mail!.text).toContain(`https://shop.example.com/orders/${orderId}`);
    expect(mail!.text).toContain("Hello Test CUSTOMER,");
    expect(mail!.html).toContain(`href="https://shop.example.com/orders/${orderId}"`);
    expect(mail!.html).toContain("Amazoff");
    expect(await deliveriesOf(ada.id)).toEqual([
      expect.objectContaining({ channel: "EMAIL", status: "SENT", attempts: 1, lastError: null }),
    ]);
    // Nothing more goes out on later passes.
    await t.sendDue();
    expect(mailTo(ada.email)).toHaveLength(1);
  });

  it("retries a delivery the mail server refused, with backoff, and sends it once it accepts", async () => {
    const bo = await t.signIn();
    smtp.refuseNext(1);
    await t.deliver("OrderPlaced", { orderId: randomUUID(), userId: bo.id });
    await t.sendDue();
    const [refused] = await deliveriesOf(bo.id);
    expect(refused).toMatchObject({ status: "PENDING", attempts: 1 });
    expect(refused!.lastError).toMatch(/451/);
    // The first retry waits about a minute (±20 % jitter).
    expect(refused!.nextAttemptAt.getTime() - Date.now()).toBeGreaterThan(40_000);
    await sendUntilSettled(bo.id);
    expect(await deliveriesOf(bo.id)).toEqual([expect.objectContaining({ status: "SENT", attempts: 2, lastError: null })]);
    expect(mailTo(bo.email)).toHaveLength(1);
  });

  it("gives up after the last attempt, keeping the last error", async () => {
    const cy = await t.signIn();
    smtp.refuseNext(3);
    await t.deliver("OrderPlaced", { orderId: randomUUID(), userId: cy.id });
    await sendUntilSettled(cy.id);
    const [failed] = await deliveriesOf(cy.id);
    expect(failed).toMatchObject({ status: "FAILED", attempts: 3 });
    expect(failed!.lastError).toMatch(/451/);
    expect(mailTo(cy.email)).toEqual([]);
    smtp.refuseNext(0);
  });

  it("sends nothing to an account erased before its message left, and honours an opt-out made meanwhile", async () => {
    const [gone, changedMind] = await Promise.all([t.signIn(), t.signIn()]);
    await t.deliver("OrderPlaced", { orderId: randomUUID(), userId: gone.id });
    await t.deliver("OrderPlaced", { orderId: randomUUID(), userId: changedMind.id });
    // Erased in the users subgraph (UserDeleted has not reached us yet).
    await t.users.db.prisma.user.update({
      where: { id: gone.id },
      data: { deletedAt: new Date(), email: deletedEmail(gone.id), displayName: DELETED_DISPLAY_NAME, passwordHash: null },
    });
    await changedMind.query(`mutation { updateNotificationPreferences(input: { email: false }) { email } }`);
    await t.sendDue();
    for (const member of [gone, changedMind]) {
      expect(await deliveriesOf(member.id)).toEqual([expect.objectContaining({ status: "SKIPPED" })]);
      expect(mailTo(member.email)).toEqual([]);
    }
  });
});

describe("development outbox: .eml files and the file SMS provider", () => {
  let dir: string;
  let replica: RunningNotifications;
  let member: Member;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "notifications-outbox-"));
    replica = await t.startReplica({}, { NOTIFICATIONS_OUTBOX_DIR: dir, NOTIFICATIONS_SMS_PROVIDER: "file", SMTP_URL: undefined });
    member = await t.signIn();
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("writes each email as an .eml file a mail client opens, and each SMS to sms.log", async () => {
    await member.query(`mutation { updateNotificationPreferences(input: { sms: true, smsNumber: "+44 20 7946 0018" }) { sms } }`);
    const orderId = randomUUID();
    await replica.handleEvent(
      createEvent("orders", "OrderStatusChanged", {
        orderId,
        userId: member.id,
        from: "FULFILLED",
        to: "SHIPPED",
      }),
    );
    while ((await replica.deliveries.runOnce()) > 0) {}
    expect((await deliveriesOf(member.id)).map((d) => `${d.channel} ${d.status}`).sort()).toEqual(["EMAIL SENT", "SMS SENT"]);
    const emls = (await readdir(dir)).filter((f) => f.endsWith(".eml"));
    expect(emls).toHaveLength(1);
    const mail = await simpleParser(await readFile(path.join(dir, emls[0]!)));
    expect(mail.subject).toBe("Your order has shipped — Amazoff");
    expect(mail.text).toContain(`https://shop.example.com/orders/${orderId}`);
    const sms = (await readFile(path.join(dir, "sms.log"), "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(sms).toEqual([
      expect.objectContaining({ to: "+442079460018", text: `Amazoff: Your order has shipped. https://shop.example.com/orders/${orderId}` }),
    ]);
  });
});
