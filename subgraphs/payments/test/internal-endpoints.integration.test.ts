import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorizeBody, card } from "./support/payments.ts";
import { createTestServer, TEST_INTERNAL_SECRET, type PaymentsTestServer } from "./test-server.ts";

let server: PaymentsTestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(() => server?.stop());

const PATHS = [
  "/internal/payments/authorize",
  "/internal/payments/capture",
  "/internal/payments/void",
  "/internal/payments/refund",
  "/internal/payments/by-order",
];

async function post(path: string, body: string, authorization: string | undefined = `Internal ${TEST_INTERNAL_SECRET}`) {
  const response = await fetch(`${server.origin}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("internal endpoints", () => {
  it.each(PATHS)("%s refuses a missing or wrong secret with 401", async (path) => {
    for (const authorization of [undefined, "Internal not-the-secret-at-all", `Bearer ${TEST_INTERNAL_SECRET}`]) {
      expect(await post(path, JSON.stringify(authorizeBody()), authorization ?? "")).toEqual({
        status: 401,
        body: { error: "unauthorized", message: "internal endpoint" },
      });
    }
  });

  it.each(PATHS)("%s accepts POST only", async (path) => {
    expect((await fetch(`${server.origin}${path}`, { headers: { authorization: `Internal ${TEST_INTERNAL_SECRET}` } })).status).toBe(405);
  });

  const authorizeCases: [string, unknown][] = [
    ["a short idempotency key", authorizeBody({ idempotencyKey: "short" })],
    ["a 201-character idempotency key", authorizeBody({ idempotencyKey: "k".repeat(201) })],
    ["an orderRef that is not a UUID", authorizeBody({ orderRef: "order-1" })],
    ["a zero amount", authorizeBody({ amount: { amount: 0, currency: "USD" } })],
    ["a negative amount", authorizeBody({ amount: { amount: -100, currency: "USD" } })],
    ["a fractional amount", authorizeBody({ amount: { amount: 10.5, currency: "USD" } })],
    ["an amount beyond 32 bits", authorizeBody({ amount: { amount: 2 ** 31, currency: "USD" } })],
    ["a lower-case currency", authorizeBody({ amount: { amount: 100, currency: "usd" } })],
    ["a payment method that is not a card", authorizeBody({ paymentMethod: { ...card(), type: "paypal" } })],
    ["a card without a number", authorizeBody({ paymentMethod: { ...card(), number: undefined } })],
    ["an expiry month given as text", authorizeBody({ paymentMethod: { ...card(), expMonth: "12" } })],
  ];
  it.each(authorizeCases)("authorize refuses %s with 400 and writes nothing", async (_name, body) => {
    const answer = await post(PATHS[0]!, JSON.stringify(body));
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: "bad_request", message: expect.any(String) });
    expect(await server.db.prisma.payment.count()).toBe(0);
  });

  it.each([
    [PATHS[1]!, { paymentId: "p-1" }],
    [PATHS[2]!, {}],
    [PATHS[2]!, { idempotencyKey: "short" }],
    [PATHS[3]!, { paymentId: randomUUID(), idempotencyKey: "refund-key-1", amount: 0 }],
    [PATHS[3]!, { paymentId: randomUUID() }],
    [PATHS[4]!, { orderRef: 42 }],
  ])("%s refuses %j with 400", async (path, body) => {
    expect((await post(path, JSON.stringify(body))).status).toBe(400);
  });

  it("refuses a body that is not JSON with 400", async () => {
    expect((await post(PATHS[0]!, "{")).status).toBe(400);
  });

  it("never echoes card data in a validation error", async () => {
    const answer = await post(PATHS[0]!, JSON.stringify(authorizeBody({ paymentMethod: { ...card("4242424242424242"), cvc: 987 } })));
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).not.toMatch(/4242|987/);
  });
});
