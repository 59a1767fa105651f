import { internalRoute, type InternalResult, type Logger, type RouteHandler } from "@amazoff/kit";
import { z } from "zod";
import type { AuthorizationService, AuthorizeResult } from "../payments/authorization.service.ts";
import type { PaymentRepository } from "../payments/payment.repository.ts";
import type { SettlementResult, SettlementService } from "../payments/settlement.service.ts";
import { ProviderTimeoutError } from "../provider/payment-provider.ts";

// The checkout saga's contract with payments (JSON over POST, `authorization: Internal <secret>`).
// Every call may be repeated safely: authorize by its idempotency key, refund by its own key,
// capture and void by nature.

export const PATHS = {
  authorize: "/internal/payments/authorize",
  capture: "/internal/payments/capture",
  void: "/internal/payments/void",
  refund: "/internal/payments/refund",
  byOrder: "/internal/payments/by-order",
} as const;

const MAX_AMOUNT = 2_147_483_647;
const id = z.uuid().transform((value) => value.toLowerCase());
const idempotencyKey = z.string().min(8).max(200);

const authorizeInput = z.object({
  idempotencyKey,
  orderRef: id,
  userId: id,
  amount: z.object({ amount: z.int().min(1).max(MAX_AMOUNT), currency: z.string().regex(/^[A-Z]{3}$/, "must be an ISO-4217 code such as USD") }),
  // Shape only here (400 when wrong); whether the card is usable is the card check's answer (402 invalid_card).
  paymentMethod: z.object({
    type: z.literal("card"),
    number: z.string().max(32),
    expMonth: z.int(),
    expYear: z.int(),
    cvc: z.string().max(8),
  }),
});
const paymentInput = z.object({ paymentId: id });
const voidInput = z
  .object({ paymentId: id.optional(), idempotencyKey: idempotencyKey.optional() })
  .refine((v) => v.paymentId !== undefined || v.idempotencyKey !== undefined, { message: "paymentId or idempotencyKey is required" });
const refundInput = z.object({ paymentId: id, idempotencyKey, amount: z.int().min(1).max(MAX_AMOUNT).optional() });
const byOrderInput = z.object({ orderRef: id });

const TIMEOUT = { status: 504, body: { status: "TIMEOUT" } };
const NOT_FOUND = { status: 404, body: { error: "not_found", message: "no such payment" } };

function authorizeAnswer(result: AuthorizeResult): InternalResult<object> {
  switch (result.kind) {
    case "authorized":
      return { body: { paymentId: result.paymentId, status: result.status } };
    case "declined":
      return { status: 402, body: { status: "DECLINED", reason: result.reason, paymentId: result.paymentId } };
    case "timeout":
      return { status: 504, body: { status: "TIMEOUT", paymentId: result.paymentId } };
    case "provider_error":
      return { status: 502, body: { status: "FAILED", error: "provider_error", paymentId: result.paymentId } };
    case "closed":
      return { status: 409, body: { status: result.status, ...(result.paymentId ? { paymentId: result.paymentId } : {}) } };
    case "mismatch":
      return { status: 409, body: { error: "idempotency_key_reused", message: "this idempotency key was used for another order, user or amount" } };
  }
}

function settlementAnswer(result: SettlementResult): InternalResult<object> {
  switch (result.kind) {
    case "done":
      return { body: { status: result.status, ...(result.refundId ? { refundId: result.refundId } : {}) } };
    case "refused":
      return { status: 409, body: { status: result.status, ...(result.error ? { error: result.error } : {}), ...(result.refundable !== undefined ? { refundable: result.refundable } : {}) } };
    case "not_found":
      return NOT_FOUND;
    case "mismatch":
      return { status: 409, body: { error: "idempotency_key_reused", message: "this key belongs to another payment" } };
  }
}

/** The provider's silence is an answer the saga handles (504), not a server error. */
async function settle(work: () => Promise<SettlementResult>): Promise<InternalResult<object>> {
  try {
    return settlementAnswer(await work());
  } catch (error) {
    if (error instanceof ProviderTimeoutError) return TIMEOUT;
    throw error;
  }
}

export function paymentsInternalRoutes(options: {
  secret: string;
  authorizations: AuthorizationService;
  settlements: SettlementService;
  payments: PaymentRepository;
  log: Logger;
}): Record<string, RouteHandler> {
  const { secret, authorizations, settlements, payments } = options;
  const log = options.log.child({ source: "internal" });
  return {
    /**
     * 200 `{ paymentId, status: "AUTHORIZED" }` (or the later status of a repeated key);
     * 402 `{ status: "DECLINED", reason: "card_declined" | "insufficient_funds" | "invalid_card", paymentId }`;
     * 504 `{ status: "TIMEOUT", paymentId }` (nothing held, nothing capturable); 409 `{ status:
     * "VOIDED" }` for a voided key; 409 `{ error: "idempotency_key_reused" }`; 502 provider failure.
     */
    [PATHS.authorize]: internalRoute({
      secret,
      log,
      input: authorizeInput,
      handler: async (input) => {
        const { paymentMethod, ...rest } = input;
        return authorizeAnswer(await authorizations.authorize({ ...rest, card: paymentMethod }));
      },
    }),
    /** 200 `{ status: "CAPTURED" }` (also when captured before); 409 `{ status }` when not capturable; 404; 504. */
    [PATHS.capture]: internalRoute({ secret, log, input: paymentInput, handler: (input) => settle(() => settlements.capture(input.paymentId)) }),
    /** 200 `{ status: "VOIDED" }` (a key never seen is recorded as a tombstone); 409 `{ status: "CAPTURED" | ... }`; 404 for an unknown id; 504. */
    [PATHS.void]: internalRoute({ secret, log, input: voidInput, handler: (input) => settle(() => settlements.void(input)) }),
    /**
     * 200 `{ status: "REFUNDED" | "PARTIALLY_REFUNDED", refundId }`; 409 `{ status, error:
     * "not_captured" | "nothing_to_refund" | "amount_exceeds_refundable" (with `refundable`) |
     * "refund_failed" | "idempotency_key_reused" }`; 404; 504 (repeat with the same key).
     */
    [PATHS.refund]: internalRoute({ secret, log, input: refundInput, handler: (input) => settle(() => settlements.refund(input)) }),
    /** 200 `{ payments: [{ paymentId, idempotencyKey, status, amount: { amount, currency }, createdAt }] }`, oldest first. */
    [PATHS.byOrder]: internalRoute({
      secret,
      log,
      input: byOrderInput,
      handler: async (input) => ({
        body: {
          payments: (await payments.findByOrderRefs([input.orderRef])).map((p) => ({
            paymentId: p.id,
            idempotencyKey: p.idempotencyKey,
            status: p.status,
            amount: p.amount,
            createdAt: p.createdAt.toISOString(),
          })),
        },
      }),
    }),
  };
}
