import type { Logger } from "@amazoff/kit";
import { withDeadline, type PaymentProvider } from "../provider/payment-provider.ts";
import type { PaymentRecord, PaymentStatus } from "./payment.model.ts";
import type { PaymentRepository } from "./payment.repository.ts";

export type SettlementResult =
  | { kind: "done"; status: PaymentStatus; refundId?: string }
  | { kind: "refused"; status: PaymentStatus | null; error?: string; refundable?: number }
  | { kind: "not_found" }
  | { kind: "mismatch" };

const CAPTURED_STATES: PaymentStatus[] = ["CAPTURED", "PARTIALLY_REFUNDED", "REFUNDED"];
/** States in which the provider may still hold funds for the payment. */
const HOLDING_STATES: PaymentStatus[] = ["AUTHORIZED", "PENDING", "FAILED"];

/**
 * Capture, void and refund of authorized payments. The provider is called first, with an
 * idempotency key derived from the payment or the caller's key, and our row then follows what
 * the provider reported, so the two can never disagree about money for long: any call can be
 * repeated, and a repeat repairs a recording a crash interrupted.
 */
export class SettlementService {
  constructor(
    private readonly payments: PaymentRepository,
    private readonly provider: PaymentProvider,
    private readonly timeoutMs: number,
    private readonly log: Logger,
  ) {}

  /** Takes the authorized funds, once. */
  async capture(paymentId: string): Promise<SettlementResult> {
    const payment = await this.payments.findById(paymentId);
    if (!payment) return { kind: "not_found" };
    if (CAPTURED_STATES.includes(payment.status)) return { kind: "done", status: "CAPTURED" };
    if (payment.status !== "AUTHORIZED" || !payment.providerRef || !payment.amount) return { kind: "refused", status: payment.status };
    const { providerRef, amount } = payment;
    const outcome = await withDeadline(this.timeoutMs, (signal) =>
      this.provider.capture({ authorizationId: providerRef, amount: amount.amount }, { idempotencyKey: `capture:${payment.id}`, signal }),
    );
    if (outcome.outcome === "refused") {
      // The provider no longer holds the funds (voided meanwhile): record that.
      return { kind: "refused", status: (await this.payments.markVoided(payment.id)).status };
    }
    const captured = await this.payments.markCaptured(payment.id);
    this.log.info({ paymentId: payment.id, orderRef: payment.orderRef }, "payment captured");
    return CAPTURED_STATES.includes(captured.status) ? { kind: "done", status: "CAPTURED" } : { kind: "refused", status: captured.status };
  }

  /**
   * Releases the hold. By payment id, or by the authorization's idempotency key; a key never
   * seen gets a VOIDED tombstone so a late or retried authorization with it is refused.
   */
  async void(ref: { paymentId?: string; idempotencyKey?: string }): Promise<SettlementResult> {
    let payment: PaymentRecord | null = ref.paymentId
      ? await this.payments.findById(ref.paymentId)
      : await this.payments.findByKey(ref.idempotencyKey!);
    if (payment && ref.paymentId && ref.idempotencyKey && payment.idempotencyKey !== ref.idempotencyKey) return { kind: "mismatch" };
    if (!payment) {
      if (ref.paymentId) return { kind: "not_found" };
      if (await this.payments.tombstone(ref.idempotencyKey!)) {
        this.log.info({ idempotencyKey: ref.idempotencyKey }, "void by key before any authorization: tombstone recorded");
        return { kind: "done", status: "VOIDED" };
      }
      // An authorization with that key started meanwhile: void it like any other.
      payment = (await this.payments.findByKey(ref.idempotencyKey!))!;
    }
    // A declined payment holds nothing: the void's goal is met (its status stays DECLINED).
    if (payment.status === "VOIDED" || payment.status === "DECLINED") return { kind: "done", status: "VOIDED" };
    if (!HOLDING_STATES.includes(payment.status)) return { kind: "refused", status: payment.status };
    const key = payment.idempotencyKey;
    const outcome = await withDeadline(this.timeoutMs, (signal) =>
      this.provider.void({ authorizationKey: key }, { idempotencyKey: `void:${key}`, signal }),
    );
    if (outcome.outcome === "refused") {
      // Captured at the provider (a capture whose recording was interrupted): record it, refuse the void.
      return { kind: "refused", status: (await this.payments.markCaptured(payment.id)).status };
    }
    const voided = await this.payments.markVoided(payment.id);
    this.log.info({ paymentId: payment.id, orderRef: payment.orderRef }, "payment voided");
    return voided.status === "VOIDED" ? { kind: "done", status: "VOIDED" } : { kind: "refused", status: voided.status };
  }

  /**
   * Returns captured money, all that is left by default, once per idempotency key. The amount is
   * reserved on the payment (under its row lock) before the provider is called, so concurrent
   * refunds can never add up to more than was captured.
   */
  async refund(input: { paymentId: string; idempotencyKey: string; amount?: number }): Promise<SettlementResult> {
    const started = await this.payments.transaction(async (tx) => {
      const payment = await this.payments.lock(tx, input.paymentId);
      if (!payment?.amount) return { kind: "not_found" } as const;
      const existing = await this.payments.findRefundByKey(tx, input.idempotencyKey, payment.amount.currency);
      if (existing)
        return existing.paymentId === payment.id
          ? ({ kind: "refund", refund: existing, payment } as const)
          : ({ kind: "mismatch" } as const);
      if (payment.status !== "CAPTURED" && payment.status !== "PARTIALLY_REFUNDED") {
        return {
          kind: "refused",
          status: payment.status,
          error: payment.status === "REFUNDED" ? "nothing_to_refund" : "not_captured",
        } as const;
      }
      const refundable = payment.capturedAmount - payment.refundedAmount;
      const amount = input.amount ?? refundable;
      if (amount > refundable) return { kind: "refused", status: payment.status, error: "amount_exceeds_refundable", refundable } as const;
      return { kind: "refund", ...(await this.payments.addRefund(tx, payment, input.idempotencyKey, amount)) } as const;
    });
    if (started.kind !== "refund") return started;
    const { refund, payment } = started;
    if (refund.status === "FAILED") return { kind: "refused", status: payment.status, error: "refund_failed" };
    if (refund.status === "SUCCEEDED") return { kind: "done", status: payment.status, refundId: refund.id };

    const providerRef = payment.providerRef!;
    const outcome = await withDeadline(this.timeoutMs, (signal) =>
      this.provider.refund(
        { authorizationId: providerRef, amount: refund.amount.amount },
        { idempotencyKey: `refund:${input.idempotencyKey}`, signal },
      ),
    );
    if (outcome.outcome === "refused") {
      const after = await this.payments.failRefund(refund.id);
      this.log.warn({ paymentId: payment.id, reason: outcome.reason }, "refund refused by the provider");
      return { kind: "refused", status: after.status, error: "refund_failed" };
    }
    await this.payments.completeRefund(refund.id, outcome.refundId);
    this.log.info({ paymentId: payment.id, refundId: refund.id, amount: refund.amount.amount }, "payment refunded");
    return { kind: "done", status: payment.status, refundId: refund.id };
  }
}
