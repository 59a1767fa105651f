import { createHash, randomUUID } from "node:crypto";
import { ConflictError, requireScope, SCOPES, type RequestBase } from "@amazoff/kit";
import type { CallContext, Peers } from "../peers/peers.ts";
import { validateCheckoutInput, type CheckoutInput, type ValidCheckout } from "./checkout.input.ts";
import { checkoutFailed, inProgress, type CheckoutFailure, type CheckoutOutcome } from "./checkout.outcome.ts";
import type { SagaRunner } from "./saga-runner.ts";
import { TERMINAL_STATES, type Saga, type SagaLine, type SagaPatch, type SagaRepository } from "./saga.repository.ts";

export type { CheckoutOutcome } from "./checkout.outcome.ts";

/** The caller of a checkout: who, and the request id every peer call carries. */
export type CheckoutContext = Pick<RequestBase, "viewer" | "requestId" | "log">;

/**
 * Checkout: claims the user's cart (one open saga per user), prices it, and hands it to the saga
 * runner (saga-steps.ts: reserve -> authorize -> order -> capture -> commit -> clear, each with
 * its undo). Recovery (recovery.ts) drives sagas whose process died through the same runner.
 */
export class CheckoutService {
  constructor(
    private readonly sagas: SagaRepository,
    private readonly peers: Peers,
    private readonly runner: SagaRunner,
  ) {}

  async checkout(ctx: CheckoutContext, raw: CheckoutInput): Promise<CheckoutOutcome> {
    const viewer = requireScope(ctx.viewer, SCOPES.ORDERS_WRITE_OWN);
    const input = validateCheckoutInput(raw);
    const fingerprint = createHash("sha256")
      .update([input.shippingAddressId, input.card.number, input.card.expMonth, input.card.expYear].join("|"))
      .digest("hex");
    const start = await this.sagas.start(randomUUID(), viewer.userId, input.idempotencyKey, fingerprint);
    switch (start.kind) {
      case "busy":
        // Another checkout of this cart (another key) is under way: it alone may charge for it.
        return inProgress();
      case "created":
        return this.run(ctx, start.saga, input);
      case "existing": {
        const { saga } = start;
        if (saga.fingerprint !== fingerprint) {
          throw new ConflictError("This idempotency key was already used for a different checkout; use a new key", {
            field: "idempotencyKey",
          });
        }
        if (saga.state === "FAILED" && saga.failureCode === "CHECKOUT_FAILED") {
          // Failed on our side, nothing charged: the same key is the customer's way to try again.
          const restarted = await this.sagas.restart(saga.id, randomUUID());
          if (restarted === "busy") return inProgress();
          if (restarted) return this.run(ctx, restarted, input);
        }
        return this.awaitOutcome(viewer.userId, input.idempotencyKey);
      }
    }
  }

  private async run(ctx: CheckoutContext, started: Saga, input: ValidCheckout): Promise<CheckoutOutcome> {
    const log = ctx.log.child({ sagaId: started.id });
    const call: CallContext = { requestId: ctx.requestId };
    let saga = started;
    try {
      const priced = await this.price(call, saga, input.shippingAddressId);
      // Failures found before anything was reserved or charged need no compensation.
      if ("kind" in priced) return await this.failEarly(saga, priced);
      await this.sagas.update(saga.id, priced);
      saga = { ...saga, ...priced };
    } catch (error) {
      log.error({ err: error }, "checkout could not read the cart, address or prices");
      return this.failEarly(saga, checkoutFailed());
    }
    const run = { saga, call, log, card: input.card };
    try {
      const outcome = await this.runner.forward(run);
      log.info({ outcome: outcome.kind === "order" ? "order" : outcome.code }, "checkout ended");
      return outcome;
    } catch (error) {
      // Either a step after the order exists (recovery captures, commits and clears once the
      // peer answers again: the customer gets the order), or an undo (recovery finishes it).
      const current = (await this.sagas.findById(saga.id).catch(() => null)) ?? run.saga;
      if (this.runner.isPastPivot(current.state)) {
        log.warn({ err: error, state: current.state }, "could not finish checkout now; recovery will");
        return { kind: "order", orderId: saga.id };
      }
      log.error({ err: error, state: current.state }, "could not undo the checkout now; recovery will");
      return current.failure ?? checkoutFailed();
    }
  }

  /** Reads the cart, the address and the current prices into the order's future lines. */
  private async price(call: CallContext, saga: Saga, addressId: string): Promise<SagaPatch | CheckoutFailure> {
    const items = await this.peers.cart.items(call, saga.userId);
    if (items.length === 0) return { kind: "error", code: "EMPTY_CART", message: "Your cart is empty" };
    const address = await this.peers.users.address(call, saga.userId, addressId);
    if (!address) return { kind: "error", code: "INVALID_ADDRESS", message: "The shipping address is not one of your addresses" };
    const snapshots = new Map(
      (
        await this.peers.catalog.snapshot(
          call,
          items.map((i) => i.productId),
        )
      ).map((s) => [s.productId, s]),
    );
    const missing = items.filter((i) => !snapshots.has(i.productId)).map((i) => i.productId);
    if (missing.length)
      return { kind: "error", code: "PRODUCT_UNAVAILABLE", message: "Some products in your cart are no longer sold", productIds: missing };
    const currencies = new Set([...snapshots.values()].map((s) => s.price.currency));
    if (currencies.size !== 1) throw new Error(`cart mixes currencies: ${[...currencies].join(", ")}`);
    const lines: SagaLine[] = items.map((item, position) => {
      const product = snapshots.get(item.productId)!;
      return {
        productId: item.productId,
        sku: product.sku,
        name: product.name,
        unitPrice: product.price.amount,
        quantity: item.quantity,
        lineTotal: product.price.amount * item.quantity,
        position,
      };
    });
    return { lines, address, currency: [...currencies][0]!, totalAmount: lines.reduce((sum, line) => sum + line.lineTotal, 0) };
  }

  private async failEarly(saga: Saga, failure: CheckoutFailure): Promise<CheckoutFailure> {
    await this.sagas.update(saga.id, { state: "FAILED", failure });
    return failure;
  }

  /**
   * A retried checkout (same key) waits for the attempt in flight and returns its outcome. The
   * order counts as the outcome once it is paid (clearing the cart may still be retried).
   */
  private async awaitOutcome(userId: string, idempotencyKey: string, timeoutMs = 30_000): Promise<CheckoutOutcome> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const saga = await this.sagas.findByKey(userId, idempotencyKey);
      if (!saga) throw new Error(`saga for key ${idempotencyKey} vanished`);
      if (saga.state === "COMPLETED" || saga.state === "STOCK_COMMITTED") return { kind: "order", orderId: saga.id };
      if (TERMINAL_STATES.includes(saga.state)) return saga.failure ?? checkoutFailed();
      if (Date.now() > deadline) throw new ConflictError("This checkout is still being processed; retry with the same key in a moment");
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
