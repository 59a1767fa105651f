import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProviderTimeoutError, type PaymentProvider } from "../src/provider/payment-provider.ts";
import { TestPaymentProvider } from "../src/provider/test-provider.ts";
import { TestProviderRepository } from "../src/provider/test-provider.repository.ts";
import { authorize, authorizeBody, authorized, captured, card, post, TEST_CARDS } from "./support/payments.ts";
import { createTestServer, type PaymentsTestServer } from "./test-server.ts";

let server: PaymentsTestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(() => server?.stop());

const row = (id: string) => server.db.prisma.payment.findUniqueOrThrow({ where: { id } });
const providerRow = async (paymentId: string) =>
  server.db.prisma.testProviderAuthorization.findUniqueOrThrow({ where: { id: (await row(paymentId)).providerRef! } });

describe("capture", () => {
  it("takes the authorized funds once; repeats answer CAPTURED", async () => {
    const { paymentId } = await authorized(server);
    expect(await post(server, "capture", { paymentId })).toEqual({ status: 200, body: { status: "CAPTURED" } });
    expect(await post(server, "capture", { paymentId })).toEqual({ status: 200, body: { status: "CAPTURED" } });
    expect(await row(paymentId)).toMatchObject({ status: "CAPTURED", capturedAmount: 4999 });
    expect((await row(paymentId)).capturedAt).toBeInstanceOf(Date);
    expect(await providerRow(paymentId)).toMatchObject({ state: "CAPTURED", capturedAmount: 4999 });
  });

  it("captures once under 5 concurrent captures", async () => {
    const { paymentId } = await authorized(server);
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(server, "capture", { paymentId })));
    expect(answers.every((a) => a.status === 200 && a.body.status === "CAPTURED")).toBe(true);
    expect(await providerRow(paymentId)).toMatchObject({ state: "CAPTURED", capturedAmount: 4999 });
  });

  it("answers 404 for an unknown payment", async () => {
    expect(await post(server, "capture", { paymentId: randomUUID() })).toEqual({
      status: 404,
      body: { error: "not_found", message: "no such payment" },
    });
  });
});

describe("void", () => {
  it("releases the hold; a capture is then refused; voiding again is harmless", async () => {
    const { paymentId } = await authorized(server);
    expect(await post(server, "void", { paymentId })).toEqual({ status: 200, body: { status: "VOIDED" } });
    expect(await post(server, "capture", { paymentId })).toEqual({ status: 409, body: { status: "VOIDED" } });
    expect(await post(server, "void", { paymentId })).toEqual({ status: 200, body: { status: "VOIDED" } });
    expect(await providerRow(paymentId)).toMatchObject({ state: "VOIDED", capturedAmount: 0 });
    expect((await row(paymentId)).voidedAt).toBeInstanceOf(Date);
  });

  it("voids by the authorization's idempotency key", async () => {
    const { paymentId, request } = await authorized(server);
    expect(await post(server, "void", { idempotencyKey: request.idempotencyKey })).toEqual({ status: 200, body: { status: "VOIDED" } });
    expect((await row(paymentId)).status).toBe("VOIDED");
  });

  it("refuses to void a captured payment", async () => {
    const { paymentId } = await captured(server);
    expect(await post(server, "void", { paymentId })).toEqual({ status: 409, body: { status: "CAPTURED" } });
    expect((await row(paymentId)).status).toBe("CAPTURED");
  });

  it("never both captures and voids under a race between them", async () => {
    const payments = await Promise.all(Array.from({ length: 6 }, () => authorized(server)));
    await Promise.all(payments.flatMap(({ paymentId }) => [post(server, "capture", { paymentId }), post(server, "void", { paymentId })]));
    for (const { paymentId } of payments) {
      const [ours, theirs] = [await row(paymentId), await providerRow(paymentId)];
      expect(["CAPTURED", "VOIDED"]).toContain(ours.status);
      expect(theirs.state).toBe(ours.status);
    }
  });

  it("answers 200 for a declined payment (nothing is held) and 404 for an unknown id", async () => {
    const declined = await authorize(server, authorizeBody({ paymentMethod: card(TEST_CARDS.DECLINED) }));
    expect(await post(server, "void", { paymentId: declined.body.paymentId })).toEqual({ status: 200, body: { status: "VOIDED" } });
    expect((await row(declined.body.paymentId)).status).toBe("DECLINED");
    expect((await post(server, "void", { paymentId: randomUUID() })).status).toBe(404);
  });

  it("refuses a paymentId and a key that name different payments", async () => {
    const a = await authorized(server);
    const b = await authorized(server);
    expect(await post(server, "void", { paymentId: a.paymentId, idempotencyKey: b.request.idempotencyKey })).toMatchObject({
      status: 409,
      body: { error: "idempotency_key_reused" },
    });
    expect((await row(a.paymentId)).status).toBe("AUTHORIZED");
  });
});

describe("refund", () => {
  it("refunds in parts up to the captured amount, once per key", async () => {
    const { paymentId } = await captured(server);
    const first = await post(server, "refund", { paymentId, idempotencyKey: `refund-${randomUUID()}`, amount: 1000 });
    expect(first).toEqual({ status: 200, body: { status: "PARTIALLY_REFUNDED", refundId: expect.any(String) } });
    const key = `refund-${randomUUID()}`;
    const rest = await post(server, "refund", { paymentId, idempotencyKey: key, amount: 3999 });
    expect(rest).toEqual({ status: 200, body: { status: "REFUNDED", refundId: expect.any(String) } });
    // The same key again: the same refund, no money moves twice.
    expect(await post(server, "refund", { paymentId, idempotencyKey: key, amount: 3999 })).toEqual(rest);
    expect(await row(paymentId)).toMatchObject({ status: "REFUNDED", refundedAmount: 4999 });
    expect(await providerRow(paymentId)).toMatchObject({ refundedAmount: 4999 });
    expect(await server.db.prisma.refund.count({ where: { paymentId, status: "SUCCEEDED" } })).toBe(2);
    expect(await post(server, "refund", { paymentId, idempotencyKey: `refund-${randomUUID()}` })).toEqual({
      status: 409,
      body: { status: "REFUNDED", error: "nothing_to_refund" },
    });
  });

  it("refunds everything left when no amount is given", async () => {
    const { paymentId } = await captured(server);
    await post(server, "refund", { paymentId, idempotencyKey: `refund-${randomUUID()}`, amount: 999 });
    expect((await post(server, "refund", { paymentId, idempotencyKey: `refund-${randomUUID()}` })).body.status).toBe("REFUNDED");
    expect((await row(paymentId)).refundedAmount).toBe(4999);
  });

  it("refuses more than what is left, saying how much is", async () => {
    const { paymentId } = await captured(server);
    await post(server, "refund", { paymentId, idempotencyKey: `refund-${randomUUID()}`, amount: 4000 });
    expect(await post(server, "refund", { paymentId, idempotencyKey: `refund-${randomUUID()}`, amount: 1000 })).toEqual({
      status: 409,
      body: { status: "PARTIALLY_REFUNDED", error: "amount_exceeds_refundable", refundable: 999 },
    });
    expect((await row(paymentId)).refundedAmount).toBe(4000);
  });

  it("refuses a payment that was not captured", async () => {
    const { paymentId } = await authorized(server);
    expect(await post(server, "refund", { paymentId, idempotencyKey: `refund-${randomUUID()}` })).toEqual({
      status: 409,
      body: { status: "AUTHORIZED", error: "not_captured" },
    });
    expect((await post(server, "refund", { paymentId: randomUUID(), idempotencyKey: `refund-${randomUUID()}` })).status).toBe(404);
  });

  it("never refunds more than was captured under concurrent refunds", async () => {
    const { paymentId } = await captured(server);
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => post(server, "refund", { paymentId, idempotencyKey: `refund-${randomUUID()}`, amount: 2000 })),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(2);
    expect(answers.filter((a) => a.status === 409 && a.body.error === "amount_exceeds_refundable")).toHaveLength(3);
    expect(await row(paymentId)).toMatchObject({ refundedAmount: 4000, status: "PARTIALLY_REFUNDED" });
    expect(await providerRow(paymentId)).toMatchObject({ refundedAmount: 4000 });
  });

  it("refuses a refund key already used for another payment", async () => {
    const a = await captured(server);
    const b = await captured(server);
    const key = `refund-${randomUUID()}`;
    await post(server, "refund", { paymentId: a.paymentId, idempotencyKey: key, amount: 1 });
    expect(await post(server, "refund", { paymentId: b.paymentId, idempotencyKey: key, amount: 1 })).toMatchObject({
      status: 409,
      body: { error: "idempotency_key_reused" },
    });
    expect((await row(b.paymentId)).refundedAmount).toBe(0);
  });
});

describe("a provider that fails", () => {
  /** The test provider, with some calls replaced. */
  function flaky(overrides: (real: PaymentProvider) => Partial<PaymentProvider>) {
    return (db: ConstructorParameters<typeof TestProviderRepository>[0]): PaymentProvider => {
      const real = new TestPaymentProvider(new TestProviderRepository(db));
      const replaced = overrides(real);
      return {
        name: "flaky",
        authorize: replaced.authorize ?? ((r, c) => real.authorize(r, c)),
        capture: replaced.capture ?? ((r, c) => real.capture(r, c)),
        void: replaced.void ?? ((r, c) => real.void(r, c)),
        refund: replaced.refund ?? ((r, c) => real.refund(r, c)),
      };
    };
  }

  it("answers 504 TIMEOUT to a capture the provider does not answer in time; a retry captures once", async () => {
    let calls = 0;
    const slow = await createTestServer({
      env: { PAYMENTS_PROVIDER_TIMEOUT_MS: 200 },
      provider: flaky((real) => ({
        capture: async (request, call) => {
          calls += 1;
          const result = await real.capture(request, call);
          // The first capture happens at the provider, but its answer never arrives.
          if (calls === 1)
            await new Promise((_, reject) => call.signal.addEventListener("abort", () => reject(new ProviderTimeoutError())));
          return result;
        },
      })),
    });
    try {
      const { paymentId } = await authorized(slow);
      expect(await post(slow, "capture", { paymentId })).toEqual({ status: 504, body: { status: "TIMEOUT" } });
      expect(await post(slow, "capture", { paymentId })).toEqual({ status: 200, body: { status: "CAPTURED" } });
      expect(await slow.db.prisma.payment.findUniqueOrThrow({ where: { id: paymentId } })).toMatchObject({
        status: "CAPTURED",
        capturedAmount: 4999,
      });
    } finally {
      await slow.stop();
    }
  });

  it("releases the reserved amount when the provider refuses a refund", async () => {
    const refusing = await createTestServer({
      provider: flaky(() => ({ refund: async () => ({ outcome: "refused", reason: "not_captured" }) })),
    });
    try {
      const { paymentId } = await captured(refusing);
      expect(await post(refusing, "refund", { paymentId, idempotencyKey: `refund-${randomUUID()}`, amount: 100 })).toEqual({
        status: 409,
        body: { status: "CAPTURED", error: "refund_failed" },
      });
      expect(await refusing.db.prisma.payment.findUniqueOrThrow({ where: { id: paymentId } })).toMatchObject({
        status: "CAPTURED",
        refundedAmount: 0,
      });
    } finally {
      await refusing.stop();
    }
  });

  it("answers 502 to an authorization the provider fails, leaving nothing capturable", async () => {
    const broken = await createTestServer({
      provider: flaky(() => ({ authorize: async () => Promise.reject(new Error("connection reset")) })),
    });
    try {
      const answer = await authorize(broken, authorizeBody());
      expect(answer).toEqual({ status: 502, body: { status: "FAILED", error: "provider_error", paymentId: expect.any(String) } });
      expect(await post(broken, "capture", { paymentId: answer.body.paymentId })).toEqual({ status: 409, body: { status: "FAILED" } });
    } finally {
      await broken.stop();
    }
  });
});
