import type { Card } from "../cards/card.ts";
import type { Money } from "@amazoff/kit";
import type {
  AuthorizeOutcome,
  CaptureOutcome,
  DeclineReason,
  PaymentProvider,
  ProviderCall,
  RefundOutcome,
  VoidOutcome,
} from "./payment-provider.ts";
import { ProviderTimeoutError } from "./payment-provider.ts";
import { TEST_CARDS } from "./test-cards.ts";
import type { ProviderAuthorization, TestProviderRepository } from "./test-provider.repository.ts";

const DECLINES: Record<string, DeclineReason> = {
  [TEST_CARDS.DECLINED]: "card_declined",
  [TEST_CARDS.INSUFFICIENT_FUNDS]: "insufficient_funds",
};

/** Waits until the caller's deadline: the provider "never answers". */
function hang(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(new ProviderTimeoutError());
    signal.addEventListener("abort", () => reject(new ProviderTimeoutError()), { once: true });
  });
}

function authorizeOutcome(authorization: ProviderAuthorization): AuthorizeOutcome {
  switch (authorization.state) {
    case "DECLINED":
      return { outcome: "declined", reason: (authorization.declineReason ?? "card_declined") as DeclineReason };
    case "VOIDED":
      return { outcome: "voided" };
    default:
      return { outcome: "authorized", authorizationId: authorization.id };
  }
}

/**
 * The deterministic test provider: no external call, its state in this database, outcomes chosen
 * by card number (see TEST_CARDS). The timeout card records nothing: nothing is ever held for it.
 */
export class TestPaymentProvider implements PaymentProvider {
  readonly name = "test";

  constructor(private readonly ledger: TestProviderRepository) {}

  async authorize(request: { amount: Money; card: Card }, call: ProviderCall): Promise<AuthorizeOutcome> {
    if (request.card.number === TEST_CARDS.TIMES_OUT) return hang(call.signal);
    const decline = DECLINES[request.card.number];
    const authorization = await this.ledger.recordAuthorization(call.idempotencyKey, {
      amount: request.amount.amount,
      currency: request.amount.currency,
      state: decline ? "DECLINED" : "AUTHORIZED",
      declineReason: decline,
    });
    return authorizeOutcome(authorization);
  }

  async capture(request: { authorizationId: string; amount: number }, _call: ProviderCall): Promise<CaptureOutcome> {
    // Capturing is idempotent by nature here (AUTHORIZED -> CAPTURED happens once), so the key adds nothing.
    const authorization = await this.ledger.capture(request.authorizationId, request.amount);
    if (authorization?.state === "CAPTURED") return { outcome: "captured" };
    return { outcome: "refused", state: authorization?.state === "DECLINED" ? "declined" : "voided" };
  }

  async void(request: { authorizationKey: string }, _call: ProviderCall): Promise<VoidOutcome> {
    const authorization = await this.ledger.voidKey(request.authorizationKey);
    return authorization.state === "CAPTURED" ? { outcome: "refused", state: "captured" } : { outcome: "voided" };
  }

  async refund(request: { authorizationId: string; amount: number }, call: ProviderCall): Promise<RefundOutcome> {
    const result = await this.ledger.refund(request.authorizationId, request.amount, call.idempotencyKey);
    return "refundId" in result ? { outcome: "refunded", refundId: result.refundId } : { outcome: "refused", reason: result.refused };
  }
}
