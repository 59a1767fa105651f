import { paymentsApi } from "@amazoff/contracts";
import { internalRoute, type EndpointReply, type Logger, type RouteHandler } from "@amazoff/kit";
import type { AuthorizationService, AuthorizeResult } from "../payments/authorization.service.ts";
import type { PaymentRepository } from "../payments/payment.repository.ts";
import type { SettlementResult, SettlementService } from "../payments/settlement.service.ts";
import { ProviderTimeoutError } from "../provider/payment-provider.ts";

// Serves the checkout saga's contract with payments (`paymentsApi` in @amazoff/contracts, where
// each answer is described). Every call may be repeated safely.

type SettlementReply = EndpointReply<typeof paymentsApi.capture>;

const TIMEOUT: SettlementReply = { status: 504, body: { status: "TIMEOUT" } };
const NOT_FOUND: SettlementReply = { status: 404, body: { error: "not_found", message: "no such payment" } };

function authorizeAnswer(result: AuthorizeResult): EndpointReply<typeof paymentsApi.authorize> {
  switch (result.kind) {
    case "authorized":
      return { status: 200, body: { paymentId: result.paymentId, status: result.status } };
    case "declined":
      return { status: 402, body: { status: "DECLINED", reason: result.reason, paymentId: result.paymentId } };
    case "timeout":
      return { status: 504, body: { status: "TIMEOUT", paymentId: result.paymentId } };
    case "provider_error":
      return { status: 502, body: { status: "FAILED", error: "provider_error", paymentId: result.paymentId } };
    case "closed":
      return { status: 409, body: { status: result.status, ...(result.paymentId ? { paymentId: result.paymentId } : {}) } };
    case "mismatch":
      return {
        status: 409,
        body: { error: "idempotency_key_reused", message: "this idempotency key was used for another order, user or amount" },
      };
  }
}

function settlementAnswer(result: SettlementResult): SettlementReply {
  switch (result.kind) {
    case "done":
      return { status: 200, body: { status: result.status, ...(result.refundId ? { refundId: result.refundId } : {}) } };
    case "refused":
      return {
        status: 409,
        body: {
          status: result.status,
          ...(result.error ? { error: result.error } : {}),
          ...(result.refundable !== undefined ? { refundable: result.refundable } : {}),
        },
      };
    case "not_found":
      return NOT_FOUND;
    case "mismatch":
      return { status: 409, body: { error: "idempotency_key_reused", message: "this key belongs to another payment" } };
  }
}

/** The provider's silence is an answer the saga handles (504), not a server error. */
async function settle(work: () => Promise<SettlementResult>): Promise<SettlementReply> {
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
    [paymentsApi.authorize.path]: internalRoute(paymentsApi.authorize, {
      secret,
      log,
      handler: async (input) => {
        const { paymentMethod, ...rest } = input;
        return authorizeAnswer(await authorizations.authorize({ ...rest, card: paymentMethod }));
      },
    }),
    [paymentsApi.capture.path]: internalRoute(paymentsApi.capture, {
      secret,
      log,
      handler: (input) => settle(() => settlements.capture(input.paymentId)),
    }),
    [paymentsApi.voidPayment.path]: internalRoute(paymentsApi.voidPayment, {
      secret,
      log,
      handler: (input) => settle(() => settlements.void(input)),
    }),
    [paymentsApi.refund.path]: internalRoute(paymentsApi.refund, {
      secret,
      log,
      handler: (input) => settle(() => settlements.refund(input)),
    }),
    [paymentsApi.paymentsOfOrder.path]: internalRoute(paymentsApi.paymentsOfOrder, {
      secret,
      log,
      handler: async (input) => ({
        status: 200,
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
