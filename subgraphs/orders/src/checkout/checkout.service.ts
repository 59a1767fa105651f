import { createHash, randomUUID } from "node:crypto";
import { ConflictError, requireScope, SCOPES, type Logger } from "@amazoff/kit";
import type { OrdersContext } from "../context.ts";
import type { OrderRepository } from "../orders/order.repository.ts";
import type { CardDetails, Peers } from "../peers/peers.ts";
import { validateCheckoutInput, type CheckoutInput } from "./checkout.input.ts";
import { TERMINAL_STATES, type Saga, type SagaLine, type SagaRepository } from "./saga.repository.ts";

/** What a checkout ends with: the order, or an expected failure the client can act on. */
export type CheckoutOutcome =
  | { kind: "order"; orderId: string }
  | { kind: "error"; code: "EMPTY_CART" | "INVALID_ADDRESS" | "PRODUCT_UNAVAILABLE"; message: string; productIds?: string[] }
  | { kind: "error"; code: "OUT_OF_STOCK"; message: string; items: { productId: string; requested: number; available: number }[] }
  | { kind: "error"; code: "PAYMENT_DECLINED"; message: string; reason: string };

type FailureOutcome = Extract<CheckoutOutcome, { kind: "error" }>;

export type FaultPoint = "after-reserve" | "after-authorize" | "after-order";

export interface CheckoutOptions {
  reservationTtlSeconds: number;
  log: Logger;
  /** Crash tests: the process dies right after this step (never set in production). */
  fault?: FaultPoint;
  /** Called after outbox writes, so events leave without waiting for the relay's next tick. */
  onEvents?: () => void;
}

const PAYMENT_MESSAGES: Record<string, string> = {
  card_declined: "The card was declined",
  insufficient_funds: "The card has insufficient funds",
  invalid_card: "The card details are not valid",
  provider_timeout: "The payment provider did not answer in time; nothing was charged",
  voided: "The payment authorization was cancelled; nothing was charged",
};

/** Retries an idempotent step a few times with a short backoff (a peer under load may time out). */
async function retrying<T>(step: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await step();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
    }
  }
}

/**
 * The checkout saga: reserve stock -> authorize payment -> create the order (price snapshot) ->
 * capture -> commit the stock -> clear the cart. Each step is recorded in checkout_sagas before
 * the next starts, each peer call is idempotent (keyed by the saga id), and every failure before
 * the order exists is compensated (void the payment by key, release the stock). Recovery
 * (recovery.ts) drives sagas whose process died through the same `finish`/`compensate`.
 */
export class CheckoutService {
  constructor(
    private readonly sagas: SagaRepository,
    private readonly orders: OrderRepository,
    private readonly peers: Peers,
    private readonly options: CheckoutOptions,
  ) {}

  async checkout(ctx: OrdersContext, raw: CheckoutInput): Promise<CheckoutOutcome> {
    const viewer = requireScope(ctx.viewer, SCOPES.ORDERS_WRITE_OWN);
    const input = validateCheckoutInput(raw);
    const fingerprint = createHash("sha256")
      .update([input.shippingAddressId, input.card.number, input.card.expMonth, input.card.expYear].join("|"))
      .digest("hex");
    const { saga, created } = await this.sagas.start(randomUUID(), viewer.userId, input.idempotencyKey, fingerprint);
    if (!created) {
      if (saga.fingerprint !== fingerprint) {
        throw new ConflictError("This idempotency key was already used for a different checkout; use a new key", { field: "idempotencyKey" });
      }
      return this.awaitOutcome(saga.id);
    }
    return this.run(saga, input.shippingAddressId, input.card, ctx.log);
  }

  private async run(saga: Saga, addressId: string, card: CardDetails, log: Logger): Promise<CheckoutOutcome> {
    const id = saga.id;
    try {
      const items = await this.peers.cart.items(saga.userId);
      if (items.length === 0) return this.failEarly(saga, { kind: "error", code: "EMPTY_CART", message: "Your cart is empty" });
      const address = await this.peers.users.address(saga.userId, addressId);
      if (!address) return this.failEarly(saga, { kind: "error", code: "INVALID_ADDRESS", message: "The shipping address is not one of your addresses" });
      const snapshots = new Map((await this.peers.catalog.snapshot(items.map((i) => i.productId))).map((s) => [s.productId, s]));
      const missing = items.filter((i) => !snapshots.has(i.productId)).map((i) => i.productId);
      if (missing.length) {
        return this.failEarly(saga, { kind: "error", code: "PRODUCT_UNAVAILABLE", message: "Some products in your cart are no longer sold", productIds: missing });
      }
      const currencies = new Set([...snapshots.values()].map((s) => s.price.currency));
      if (currencies.size !== 1) throw new Error(`cart mixes currencies: ${[...currencies].join(", ")}`);
      const lines: SagaLine[] = items.map((item, position) => {
        const product = snapshots.get(item.productId)!;
        return { productId: item.productId, sku: product.sku, name: product.name, unitPrice: product.price.amount, quantity: item.quantity, lineTotal: product.price.amount * item.quantity, position };
      });
      const total = lines.reduce((sum, line) => sum + line.lineTotal, 0);
      const currency = [...currencies][0]!;
      await this.sagas.update(id, { lines, address, currency, totalAmount: total });

      const reservation = await this.peers.inventory.reserve(id, saga.userId, items, this.options.reservationTtlSeconds);
      if (reservation.status === "OUT_OF_STOCK") {
        return this.compensate(saga, { kind: "error", code: "OUT_OF_STOCK", message: "Some items are not available in the quantities you asked for", items: reservation.items });
      }
      if (reservation.status !== "ACTIVE") throw new Error(`reservation ${id} is ${reservation.status}`);
      await this.sagas.update(id, { state: "STOCK_RESERVED" });
      this.crashIf("after-reserve");

      const payment = await this.peers.payments.authorize({ idempotencyKey: id, orderRef: id, userId: saga.userId, amount: { amount: total, currency }, paymentMethod: card });
      if (payment.status !== "AUTHORIZED") {
        const reason = payment.status === "TIMEOUT" ? "provider_timeout" : payment.reason;
        return this.compensate(saga, this.declined(reason));
      }
      await this.sagas.update(id, { state: "PAYMENT_AUTHORIZED", paymentId: payment.paymentId });
      this.crashIf("after-authorize");

      await this.orders.createForSaga({ id, userId: saga.userId, currency, lines, shippingAddress: address, paymentId: payment.paymentId });
      this.crashIf("after-order");
      try {
        return await retrying(() => this.finish(id));
      } catch (error) {
        // The order exists and its payment is authorized: recovery captures it once the peer
        // answers again. The customer gets the order (PENDING_PAYMENT), not an error.
        log.warn({ err: error, sagaId: id }, "could not finish checkout now; recovery will");
        return { kind: "order", orderId: id };
      }
    } catch (error) {
      // Something unexpected (a peer down, a timeout). Undo what can be undone now; if that fails
      // too, the saga keeps its state and recovery finishes the job once the lease runs out.
      log.error({ err: error, sagaId: id }, "checkout failed unexpectedly");
      const current = await this.sagas.findById(id).catch(() => null);
      if (current && ["STARTED", "STOCK_RESERVED", "PAYMENT_AUTHORIZED"].includes(current.state)) {
        await this.compensate(current, { kind: "error", code: "PAYMENT_DECLINED", message: "Checkout could not be completed; nothing was charged", reason: "checkout_failed" }).catch(
          (compensationError: unknown) => log.error({ err: compensationError, sagaId: id }, "compensation failed; left to recovery"),
        );
      }
      throw error;
    }
  }

  /**
   * From ORDER_CREATED (or PAYMENT_CAPTURED) to COMPLETED: capture, commit the stock, mark the
   * order paid, clear the cart. Every call is idempotent, so recovery can run it again.
   */
  async finish(sagaId: string): Promise<CheckoutOutcome> {
    const saga = await this.sagas.findById(sagaId);
    if (!saga?.paymentId) throw new Error(`saga ${sagaId} has no payment to capture`);
    if (saga.state === "ORDER_CREATED") {
      const capture = await this.peers.payments.capture(saga.paymentId);
      if (capture.status !== "CAPTURED") {
        // The authorization is gone (voided by recovery while this process stalled): no money
        // was taken, so the order is cancelled and the stock goes back.
        await this.peers.inventory.release(saga.id);
        await this.orders.move(saga.id, "PENDING_PAYMENT", "CANCELLED", null, `payment ${capture.status.toLowerCase()}`, { sagaState: "FAILED" });
        this.options.onEvents?.();
        return this.declined("voided");
      }
      const stock = await this.peers.inventory.commit(saga.id);
      if (stock.status !== "COMMITTED") {
        // The reservation expired before the capture (a long stall): refund, cancel.
        await this.peers.payments.refund(saga.paymentId, `expired:${saga.id}`);
        await this.orders.move(saga.id, "PENDING_PAYMENT", "CANCELLED", null, "stock reservation expired", { sagaState: "FAILED" });
        this.options.onEvents?.();
        return { kind: "error", code: "OUT_OF_STOCK", message: "The stock held for this order expired; the payment was refunded", items: [] };
      }
      await this.orders.move(saga.id, "PENDING_PAYMENT", "PAID", null, "payment captured", { sagaState: "PAYMENT_CAPTURED" });
      this.options.onEvents?.();
    }
    try {
      await this.peers.cart.clear(saga.userId, saga.id, (saga.lines ?? []).map((l) => ({ productId: l.productId, quantity: l.quantity })));
    } catch (error) {
      // The order is paid; a cart that still shows the items is an annoyance, not a failure.
      this.options.log.warn({ err: error, sagaId }, "could not clear the cart after checkout");
    }
    await this.sagas.update(saga.id, { state: "COMPLETED" });
    return { kind: "order", orderId: saga.id };
  }

  /** Undoes everything a saga did before its order existed; safe to repeat. */
  async compensate(saga: Saga, outcome: FailureOutcome): Promise<FailureOutcome> {
    await this.sagas.update(saga.id, { state: "COMPENSATING", failureCode: outcome.code, failure: outcome as unknown as Record<string, unknown> });
    // Voiding by key also leaves a tombstone, so an authorization still in flight is refused.
    await this.peers.payments.voidByKey(saga.id);
    await this.peers.inventory.release(saga.id);
    await this.sagas.update(saga.id, { state: "FAILED" });
    return outcome;
  }

  /** Failures found before anything was reserved or charged need no compensation. */
  private async failEarly(saga: Saga, outcome: FailureOutcome): Promise<FailureOutcome> {
    await this.sagas.update(saga.id, { state: "FAILED", failureCode: outcome.code, failure: outcome as unknown as Record<string, unknown> });
    return outcome;
  }

  private declined(reason: string): FailureOutcome {
    return { kind: "error", code: "PAYMENT_DECLINED", message: PAYMENT_MESSAGES[reason] ?? "The payment was declined", reason };
  }

  /** A retried checkout (same key) waits for the first attempt and returns its outcome. */
  async awaitOutcome(sagaId: string, timeoutMs = 30_000): Promise<CheckoutOutcome> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const saga = await this.sagas.findById(sagaId);
      if (!saga) throw new Error(`saga ${sagaId} not found`);
      if (TERMINAL_STATES.includes(saga.state)) return this.outcomeOf(saga);
      if (Date.now() > deadline) throw new ConflictError("This checkout is still being processed; retry with the same key in a moment");
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private outcomeOf(saga: Saga): CheckoutOutcome {
    if (saga.state === "COMPLETED") return { kind: "order", orderId: saga.id };
    const failure = saga.failure as FailureOutcome | null;
    return failure?.kind === "error" ? failure : this.declined("voided");
  }

  private crashIf(point: FaultPoint): void {
    if (this.options.fault !== point) return;
    this.options.log.warn({ point }, "fault injection: killing the process");
    process.kill(process.pid, "SIGKILL");
  }
}
