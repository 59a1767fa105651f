import { randomUUID } from "node:crypto";
import type { DomainEvent } from "@amazoff/events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorize, authorizeBody, card, post, TEST_CARDS } from "./support/payments.ts";
import { createTestServer, type PaymentsTestServer } from "./test-server.ts";

let server: PaymentsTestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(() => server?.stop());

const paymentsWithKey = (key: string) => server.db.prisma.payment.findMany({ where: { idempotencyKey: key } });
const providerState = async (key: string) =>
  (await server.db.prisma.testProviderAuthorization.findUnique({ where: { idempotencyKey: key } }))?.state ?? null;
async function failures(orderId: string) {
  const rows = await server.db.prisma.outboxEvent.findMany({ where: { type: "PaymentFailed" } });
  return rows.map((r) => r.payload as unknown as DomainEvent<"PaymentFailed">).filter((e) => e.payload.orderId === orderId);
}

describe("test cards", () => {
  it("4242424242424242 is authorized; only brand and last four digits are kept", async () => {
    const body = authorizeBody({ paymentMethod: card("4242 4242 4242 4242") });
    const { status, body: answer } = await authorize(server, body);
    expect(status).toBe(200);
    expect(answer).toEqual({ paymentId: expect.any(String), status: "AUTHORIZED" });
    const [row] = await paymentsWithKey(body.idempotencyKey);
    expect(row).toMatchObject({
      id: answer.paymentId,
      status: "AUTHORIZED",
      amount: 4999,
      currency: "USD",
      cardBrand: "visa",
      cardLast4: "4242",
      orderRef: body.orderRef,
      userId: body.userId,
    });
    expect(row!.authorizedAt).toBeInstanceOf(Date);
    expect(await providerState(body.idempotencyKey)).toBe("AUTHORIZED");
    // No table holds the card number or the CVC.
    const dump = await server.db.prisma.$queryRaw<{ t: string }[]>`
      SELECT row_to_json(p)::text AS t FROM payments p UNION ALL SELECT row_to_json(a)::text FROM test_provider_authorizations a`;
    expect(dump.map((d) => d.t).join("\n")).not.toMatch(/4242424242424242|4242 4242|"cvc"/);
  });

  it.each([
    [TEST_CARDS.DECLINED, "card_declined"],
    [TEST_CARDS.INSUFFICIENT_FUNDS, "insufficient_funds"],
  ])("%s is declined (%s): 402, nothing held, PaymentFailed published", async (number, reason) => {
    const body = authorizeBody({ paymentMethod: card(number) });
    const { status, body: answer } = await authorize(server, body);
    expect(status).toBe(402);
    expect(answer).toEqual({ status: "DECLINED", reason, paymentId: expect.any(String) });
    expect((await paymentsWithKey(body.idempotencyKey))[0]).toMatchObject({
      status: "DECLINED",
      declineReason: reason,
      cardLast4: number.slice(-4),
    });
    expect((await failures(body.orderRef)).map((e) => e.payload)).toEqual([{ orderId: body.orderRef, userId: body.userId, reason }]);
    expect((await post(server, "capture", { paymentId: answer.paymentId })).body).toEqual({ status: "DECLINED" });
  });

  it.each([
    ["a bad checksum", card("4242424242424241")],
    ["an expired card", card(TEST_CARDS.SUCCEEDS, { expYear: 2020 })],
    ["month 13", card(TEST_CARDS.SUCCEEDS, { expMonth: 13 })],
    ["a 2-digit CVC", card(TEST_CARDS.SUCCEEDS, { cvc: "12" })],
    ["letters in the number", card("4242-4242-abcd-4242")],
  ])("refuses %s as invalid_card without calling the provider", async (_name, paymentMethod) => {
    const body = authorizeBody({ paymentMethod });
    expect(await authorize(server, body)).toMatchObject({ status: 402, body: { status: "DECLINED", reason: "invalid_card" } });
    expect(await providerState(body.idempotencyKey)).toBeNull();
    expect(await failures(body.orderRef)).toHaveLength(1);
  });

  it("4000000000000119 times out: 504 TIMEOUT, nothing held at the provider, nothing capturable, same answer on retry", async () => {
    const body = authorizeBody({ paymentMethod: card(TEST_CARDS.TIMES_OUT) });
    const started = Date.now();
    const first = await authorize(server, body);
    expect(first).toEqual({ status: 504, body: { status: "TIMEOUT", paymentId: expect.any(String) } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const [row] = await paymentsWithKey(body.idempotencyKey);
    expect(row).toMatchObject({ status: "FAILED", declineReason: "provider_timeout", capturedAmount: 0 });
    // The key is voided at the provider: a late authorization under it could never hold funds.
    expect(await providerState(body.idempotencyKey)).toBe("VOIDED");
    expect(await post(server, "capture", { paymentId: first.body.paymentId })).toEqual({ status: 409, body: { status: "FAILED" } });
    // Same key, same answer, at once: no second provider call.
    const retryStarted = Date.now();
    expect(await authorize(server, body)).toEqual(first);
    expect(Date.now() - retryStarted).toBeLessThan(900);
    expect(await paymentsWithKey(body.idempotencyKey)).toHaveLength(1);
    // The saga's compensation: void by key.
    expect(await post(server, "void", { idempotencyKey: body.idempotencyKey })).toEqual({ status: 200, body: { status: "VOIDED" } });
    expect(await post(server, "capture", { paymentId: first.body.paymentId })).toEqual({ status: 409, body: { status: "VOIDED" } });
  });

  it("authorizes any other valid card number", async () => {
    const answer = await authorize(server, authorizeBody({ paymentMethod: card("5555555555554444") }));
    expect(answer).toMatchObject({ status: 200, body: { status: "AUTHORIZED" } });
  });
});

describe("idempotency", () => {
  it("answers a repeated key with the recorded result, without a second authorization", async () => {
    const body = authorizeBody();
    const first = await authorize(server, body);
    expect(await authorize(server, body)).toEqual(first);
    expect(await paymentsWithKey(body.idempotencyKey)).toHaveLength(1);
    // After capture, a repeat reports the capture (never a second hold).
    await post(server, "capture", { paymentId: first.body.paymentId });
    expect(await authorize(server, body)).toEqual({ status: 200, body: { paymentId: first.body.paymentId, status: "CAPTURED" } });
  });

  it("makes one payment and one provider authorization out of 5 concurrent identical calls", async () => {
    const body = authorizeBody();
    const answers = await Promise.all(Array.from({ length: 5 }, () => authorize(server, body)));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(new Set(answers.map((a) => a.body.paymentId)).size).toBe(1);
    expect(await paymentsWithKey(body.idempotencyKey)).toHaveLength(1);
    expect(await server.db.prisma.testProviderAuthorization.count({ where: { idempotencyKey: body.idempotencyKey } })).toBe(1);
  });

  it("publishes one PaymentFailed for 5 concurrent identical declined calls", async () => {
    const body = authorizeBody({ paymentMethod: card(TEST_CARDS.DECLINED) });
    const answers = await Promise.all(Array.from({ length: 5 }, () => authorize(server, body)));
    expect(answers.every((a) => a.status === 402 && a.body.reason === "card_declined")).toBe(true);
    expect(await failures(body.orderRef)).toHaveLength(1);
  });

  it("refuses a key reused for another amount, order or user", async () => {
    const body = authorizeBody();
    await authorize(server, body);
    for (const change of [
      { amount: { amount: 1, currency: "USD" } },
      { orderRef: randomUUID() },
      { userId: randomUUID() },
      { amount: { amount: 4999, currency: "EUR" } },
    ]) {
      expect(await authorize(server, { ...body, ...change })).toMatchObject({ status: 409, body: { error: "idempotency_key_reused" } });
    }
    expect(await paymentsWithKey(body.idempotencyKey)).toHaveLength(1);
  });
});

describe("void by key (crash recovery)", () => {
  it("records a tombstone for a key never authorized: a late authorize with it is refused, nothing is held", async () => {
    const body = authorizeBody();
    expect(await post(server, "void", { idempotencyKey: body.idempotencyKey })).toEqual({ status: 200, body: { status: "VOIDED" } });
    expect(await post(server, "void", { idempotencyKey: body.idempotencyKey })).toEqual({ status: 200, body: { status: "VOIDED" } });
    expect(await authorize(server, body)).toEqual({ status: 409, body: { status: "VOIDED" } });
    expect(await providerState(body.idempotencyKey)).toBeNull();
    expect(await post(server, "by-order", { orderRef: body.orderRef })).toEqual({ status: 200, body: { payments: [] } });
  });

  it("never leaves funds held when a void by key races the authorization", async () => {
    const bodies = Array.from({ length: 8 }, () => authorizeBody());
    await Promise.all(bodies.flatMap((body) => [authorize(server, body), post(server, "void", { idempotencyKey: body.idempotencyKey })]));
    for (const body of bodies) {
      const [row] = await paymentsWithKey(body.idempotencyKey);
      expect(row!.status).toBe("VOIDED");
      expect(["VOIDED", null]).toContain(await providerState(body.idempotencyKey));
      // And it stays that way: a retry cannot hold funds again.
      expect((await authorize(server, body)).status).toBe(409);
    }
  });
});

describe("by-order", () => {
  it("lists every attempt of an order, oldest first, for crash recovery", async () => {
    const orderRef = randomUUID();
    const declined = authorizeBody({ orderRef, paymentMethod: card(TEST_CARDS.DECLINED) });
    const accepted = authorizeBody({ orderRef, userId: declined.userId, amount: { amount: 1250, currency: "EUR" } });
    await authorize(server, declined);
    await authorize(server, accepted);
    const { status, body } = await post(server, "by-order", { orderRef });
    expect(status).toBe(200);
    expect(body.payments).toEqual([
      {
        paymentId: expect.any(String),
        idempotencyKey: declined.idempotencyKey,
        status: "DECLINED",
        amount: { amount: 4999, currency: "USD" },
        createdAt: expect.any(String),
      },
      {
        paymentId: expect.any(String),
        idempotencyKey: accepted.idempotencyKey,
        status: "AUTHORIZED",
        amount: { amount: 1250, currency: "EUR" },
        createdAt: expect.any(String),
      },
    ]);
  });
});
