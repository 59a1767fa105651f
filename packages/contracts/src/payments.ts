import { defineEndpoint } from "@amazoff/kit";
import { z } from "zod";
import { card, errorBody, id, money } from "./shapes.ts";

/*
 * The checkout saga's contract with payments. Every call may be repeated safely: authorize by
 * its idempotency key, refund by its own key, capture and void by nature. A provider that does
 * not answer in time is an answer (504 TIMEOUT), not a failure of the call.
 */

export const paymentStatus = z.enum([
  "PENDING",
  "AUTHORIZED",
  "CAPTURED",
  "VOIDED",
  "DECLINED",
  "FAILED",
  "REFUNDED",
  "PARTIALLY_REFUNDED",
]);
export type PaymentStatus = z.output<typeof paymentStatus>;

const MAX_AMOUNT = 2_147_483_647;
const idempotencyKey = z.string().min(8).max(200);
const keyReused = z.object({ error: z.literal("idempotency_key_reused"), message: z.string() });
const timeout = z.object({ status: z.literal("TIMEOUT"), paymentId: id.optional() });

/**
 * 200: authorized (or the later status of a repeated key). 402: DECLINED with `card_declined`,
 * `insufficient_funds` or `invalid_card`. 504: the provider timed out (nothing held). 409: a
 * voided key (void-by-key tombstone) or a key reused for another order, user or amount.
 * 502: the provider failed.
 */
export const authorize = defineEndpoint({
  path: "/internal/payments/authorize",
  request: z.object({
    idempotencyKey,
    orderRef: id,
    userId: id,
    amount: money.extend({ amount: z.int().min(1).max(MAX_AMOUNT) }),
    paymentMethod: card,
  }),
  responses: {
    200: z.object({ paymentId: id, status: paymentStatus }),
    402: z.object({ status: z.literal("DECLINED"), reason: z.string(), paymentId: id }),
    504: timeout,
    502: z.object({ status: z.literal("FAILED"), error: z.literal("provider_error"), paymentId: id }),
    409: z.union([keyReused, z.object({ status: paymentStatus, paymentId: id.optional() })]),
  },
});

/** What capture, void and refund answer: 409 carries the status that prevents the move (and why). */
const settlementResponses = {
  200: z.object({ status: paymentStatus, refundId: id.optional() }),
  409: z.union([keyReused, z.object({ status: paymentStatus.nullable(), error: z.string().optional(), refundable: z.int().optional() })]),
  404: errorBody,
  504: timeout,
};

/** 200 CAPTURED (also when captured before); 409 when not capturable (e.g. VOIDED). */
export const capture = defineEndpoint({
  path: "/internal/payments/capture",
  request: z.object({ paymentId: id }),
  responses: settlementResponses,
});

/**
 * 200 VOIDED (a key never seen is recorded as a tombstone, so a late authorization with it is
 * refused); 409 CAPTURED and later statuses; 404 for an unknown payment id.
 */
export const voidPayment = defineEndpoint({
  path: "/internal/payments/void",
  request: z
    .object({ paymentId: id.optional(), idempotencyKey: idempotencyKey.optional() })
    .refine((v) => v.paymentId !== undefined || v.idempotencyKey !== undefined, { message: "paymentId or idempotencyKey is required" }),
  responses: settlementResponses,
});

/**
 * Refunds a captured payment (all of what is left, or `amount`), once per key. 200 REFUNDED or
 * PARTIALLY_REFUNDED with the refund's id; 409 `not_captured`, `nothing_to_refund`,
 * `amount_exceeds_refundable` (with `refundable`), `refund_failed`, or a key of another payment.
 */
export const refund = defineEndpoint({
  path: "/internal/payments/refund",
  request: z.object({ paymentId: id, idempotencyKey, amount: z.int().min(1).max(MAX_AMOUNT).optional() }),
  responses: settlementResponses,
});

/** Every attempt made for an order, oldest first. */
export const paymentsOfOrder = defineEndpoint({
  path: "/internal/payments/by-order",
  request: z.object({ orderRef: id }),
  responses: {
    200: z.object({
      payments: z.array(
        z.object({
          paymentId: id,
          idempotencyKey: z.string(),
          status: paymentStatus,
          amount: money.nullable(),
          createdAt: z.iso.datetime(),
        }),
      ),
    }),
  },
});
