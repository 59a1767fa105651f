import { randomUUID } from "node:crypto";
import { InternalCallError } from "@amazoff/kit";
import { TEST_CARDS } from "../../src/provider/test-cards.ts";
import type { PaymentsTestServer } from "../test-server.ts";

export { TEST_CARDS };

export interface AuthorizeBody {
  idempotencyKey?: string;
  orderRef?: string;
  userId?: string;
  amount?: { amount: number; currency: string };
  paymentMethod?: Record<string, unknown>;
}

export const card = (number: string = TEST_CARDS.SUCCEEDS, overrides: Record<string, unknown> = {}) => ({
  type: "card",
  number,
  expMonth: 12,
  expYear: new Date().getUTCFullYear() + 3,
  cvc: "123",
  ...overrides,
});

/** A complete authorize body (fresh key, order and user unless given). */
export const authorizeBody = (body: AuthorizeBody = {}) => ({
  idempotencyKey: `checkout-${randomUUID()}`,
  orderRef: randomUUID(),
  userId: randomUUID(),
  amount: { amount: 4999, currency: "USD" },
  paymentMethod: card(),
  ...body,
});

type Answer = { status: number; body: Record<string, any> };

/**
 * POSTs like the saga does (kit's internalClient), and turns the 5xx answers it throws as
 * InternalCallError (e.g. 504 TIMEOUT) back into a status and body.
 */
async function call(server: PaymentsTestServer, path: string, body: unknown): Promise<Answer> {
  try {
    return await server.internal.post(path, body);
  } catch (error) {
    if (error instanceof InternalCallError) return { status: error.status, body: error.body as Record<string, any> };
    throw error;
  }
}

export const authorize = (server: PaymentsTestServer, body: ReturnType<typeof authorizeBody>): Promise<Answer> =>
  call(server, "/internal/payments/authorize", body);

export const post = (server: PaymentsTestServer, action: "capture" | "void" | "refund" | "by-order", body: unknown): Promise<Answer> =>
  call(server, `/internal/payments/${action}`, body);

/** Authorizes a fresh payment with the succeeding card and returns its id and body. */
export async function authorized(server: PaymentsTestServer, body: Parameters<typeof authorizeBody>[0] = {}) {
  const request = authorizeBody(body);
  const answer = await authorize(server, request);
  if (answer.status !== 200) throw new Error(`authorize failed: ${JSON.stringify(answer)}`);
  return { paymentId: answer.body.paymentId as string, request };
}

/** Authorized then captured. */
export async function captured(server: PaymentsTestServer, body: Parameters<typeof authorizeBody>[0] = {}) {
  const payment = await authorized(server, body);
  const answer = await post(server, "capture", { paymentId: payment.paymentId });
  if (answer.status !== 200) throw new Error(`capture failed: ${JSON.stringify(answer)}`);
  return payment;
}
