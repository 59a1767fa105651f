import type { Logger, Money } from "@amazoff/kit";
import { summarize, validateCard, type Card, type CardInput } from "../cards/card.ts";
import { ProviderTimeoutError, withDeadline, type PaymentProvider } from "../provider/payment-provider.ts";
import type { AuthorizationEnd, PaymentRecord, PaymentStatus } from "./payment.model.ts";
import type { PaymentRepository } from "./payment.repository.ts";

export interface AuthorizeInput {
  idempotencyKey: string;
  orderRef: string;
  userId: string;
  amount: Money;
  card: CardInput;
}

export type AuthorizeResult =
  | { kind: "authorized"; paymentId: string; status: PaymentStatus }
  | { kind: "declined"; paymentId: string; reason: string }
  | { kind: "timeout"; paymentId: string }
  | { kind: "provider_error"; paymentId: string }
  | { kind: "closed"; paymentId: string | null; status: PaymentStatus }
  | { kind: "mismatch" };

/** What a payment's current state answers to (a repeated) authorize. */
export function authorizeResultOf(payment: PaymentRecord): AuthorizeResult {
  switch (payment.status) {
    case "AUTHORIZED":
    case "CAPTURED":
    case "PARTIALLY_REFUNDED":
    case "REFUNDED":
      return { kind: "authorized", paymentId: payment.id, status: payment.status };
    case "DECLINED":
      return { kind: "declined", paymentId: payment.id, reason: payment.declineReason ?? "card_declined" };
    case "FAILED":
      return payment.declineReason === "provider_timeout"
        ? { kind: "timeout", paymentId: payment.id }
        : { kind: "provider_error", paymentId: payment.id };
    default:
      return { kind: "closed", paymentId: payment.orderRef ? payment.id : null, status: payment.status };
  }
}

const sameRequest = (payment: PaymentRecord, input: AuthorizeInput) =>
  payment.orderRef === input.orderRef &&
  payment.userId === input.userId &&
  payment.amount?.amount === input.amount.amount &&
  payment.amount?.currency === input.amount.currency;

/**
 * Authorizations, once per idempotency key. The attempt is recorded (PENDING) before the provider
 * is called, with the same key: concurrent twins and retries after a crash call the provider with
 * that key too, and the provider acts once; whoever records the answer first wins, and every
 * caller answers from the recorded row. No transaction stays open during the provider call.
 */
export class AuthorizationService {
  constructor(
    private readonly payments: PaymentRepository,
    private readonly provider: PaymentProvider,
    private readonly timeoutMs: number,
    private readonly log: Logger,
  ) {}

  async authorize(input: AuthorizeInput): Promise<AuthorizeResult> {
    const card = validateCard(input.card);
    const summary = card ?? summarize(input.card.number);
    const { created, payment } = await this.payments.begin({
      idempotencyKey: input.idempotencyKey,
      orderRef: input.orderRef,
      userId: input.userId,
      amount: input.amount,
      cardBrand: summary.brand,
      cardLast4: summary.last4,
      status: card ? "PENDING" : "DECLINED",
      declineReason: card ? null : "invalid_card",
    });
    // A key reused for another order or amount is a caller bug; replaying the first result would hide it.
    if (!created && payment.orderRef !== null && !sameRequest(payment, input)) return { kind: "mismatch" };
    if (payment.status !== "PENDING" || !card) return this.logged(payment, authorizeResultOf(payment));
    const ended = await this.payments.endAuthorization(payment.id, await this.callProvider(input, card));
    return this.logged(ended, authorizeResultOf(ended));
  }

  private async callProvider(input: AuthorizeInput, card: Card): Promise<AuthorizationEnd> {
    const call = { idempotencyKey: input.idempotencyKey };
    try {
      const outcome = await withDeadline(this.timeoutMs, (signal) =>
        this.provider.authorize({ amount: input.amount, card }, { ...call, signal }),
      );
      if (outcome.outcome === "authorized") return { status: "AUTHORIZED", providerRef: outcome.authorizationId };
      if (outcome.outcome === "declined") return { status: "DECLINED", reason: outcome.reason };
      return { status: "VOIDED" };
    } catch (error) {
      const timeout = error instanceof ProviderTimeoutError;
      if (!timeout) this.log.error({ err: error, orderRef: input.orderRef }, "payment provider failed");
      // The outcome is unknown: void the key at the provider, so an authorization that lands
      // late holds nothing and a late one is refused. If even that fails, the payment is still
      // FAILED (never capturable) and a void by key retries it.
      // Half the budget again at most: the saga (5 s client timeout) must hear our 504 first.
      await withDeadline(Math.max(100, Math.floor(this.timeoutMs / 2)), (signal) =>
        this.provider.void({ authorizationKey: input.idempotencyKey }, { idempotencyKey: `void:${input.idempotencyKey}`, signal }),
      ).catch((voidError: unknown) =>
        this.log.warn({ err: voidError, orderRef: input.orderRef }, "could not void a timed-out authorization; a void by key will retry"),
      );
      return { status: "FAILED", reason: timeout ? "provider_timeout" : "provider_error" };
    }
  }

  private logged(payment: PaymentRecord, result: AuthorizeResult): AuthorizeResult {
    // Ids and outcomes only: card data never reaches a log line.
    this.log.info({ paymentId: payment.id, orderRef: payment.orderRef, status: payment.status, result: result.kind }, "authorize");
    return result;
  }
}
