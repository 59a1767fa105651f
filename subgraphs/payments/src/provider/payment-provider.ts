import type { Money } from "@amazoff/kit";
import type { Card } from "../cards/card.ts";

export type DeclineReason = "card_declined" | "insufficient_funds" | "invalid_card";

/**
 * Every provider call carries an idempotency key (the provider performs an operation once per key
 * and replays its result) and an abort signal (our deadline: a provider that does not answer in
 * time must not hold the caller).
 */
export interface ProviderCall {
  idempotencyKey: string;
  signal: AbortSignal;
}

export type AuthorizeOutcome =
  | { outcome: "authorized"; authorizationId: string }
  | { outcome: "declined"; reason: DeclineReason }
  /** The key was voided before this authorization arrived: nothing is held. */
  | { outcome: "voided" };

export type CaptureOutcome = { outcome: "captured" } | { outcome: "refused"; state: "voided" | "declined" };
export type VoidOutcome = { outcome: "voided" } | { outcome: "refused"; state: "captured" };
export type RefundOutcome = { outcome: "refunded"; refundId: string } | { outcome: "refused"; reason: "not_captured" | "exceeds_captured" };

/**
 * A card processor, with Stripe-like semantics: `authorize` holds funds; `capture` takes them
 * (once, from an authorized payment only); `void` releases a hold (not after capture); `refund`
 * returns captured money (in parts, up to what was captured).
 *
 * `void` names the authorization by the idempotency key that created it, not by its id: after a
 * timeout we never learned the id, and voiding the key must also refuse a late authorization.
 */
export interface PaymentProvider {
  readonly name: string;
  authorize(request: { amount: Money; card: Card }, call: ProviderCall): Promise<AuthorizeOutcome>;
  capture(request: { authorizationId: string; amount: number }, call: ProviderCall): Promise<CaptureOutcome>;
  void(request: { authorizationKey: string }, call: ProviderCall): Promise<VoidOutcome>;
  refund(request: { authorizationId: string; amount: number }, call: ProviderCall): Promise<RefundOutcome>;
}

/** The provider did not answer before our deadline: the outcome is unknown. */
export class ProviderTimeoutError extends Error {
  constructor() {
    super("payment provider timed out");
    this.name = "ProviderTimeoutError";
  }
}

/**
 * Runs a provider call with a deadline. Past it, the call's signal aborts and this rejects with
 * ProviderTimeoutError even if the provider ignores the signal and keeps hanging.
 */
export async function withDeadline<T>(timeoutMs: number, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const signal = AbortSignal.timeout(timeoutMs);
  let onAbort: (() => void) | undefined;
  const deadline = new Promise<never>((_, reject) => {
    onAbort = () => reject(new ProviderTimeoutError());
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([run(signal), deadline]);
  } catch (error) {
    if (signal.aborted) throw new ProviderTimeoutError();
    throw error;
  } finally {
    signal.removeEventListener("abort", onAbort!);
  }
}
