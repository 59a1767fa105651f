import type { Logger } from "@amazoff/kit";
import type { OrderRepository } from "../orders/order.repository.ts";
import type { Address, CallContext, CardDetails, Peers } from "../peers/peers.ts";
import { declined, type CheckoutFailure } from "./checkout.outcome.ts";
import type { Saga, SagaLine, SagaPatch, SagaState } from "./saga.repository.ts";

/** One run of a saga's steps, by the customer's request or by recovery. */
export interface SagaRun {
  /** Priced (lines, address, currency and total are set); kept up to date as steps complete. */
  saga: Saga;
  /** Carries the request id to every peer: the customer's, or `recovery:<saga id>`. */
  call: CallContext;
  log: Logger;
  /** Only while the customer's request runs: recovery never authorizes, it has no card. */
  card?: CardDetails;
}

export type StepResult = { ok: true; patch?: SagaPatch } | { ok: false; failure: CheckoutFailure };

/**
 * A step of the checkout saga with its undo beside it (the shape of Medusa's
 * `createStep(invoke, compensate)`). `invoke` returns a failure the customer caused (out of
 * stock, declined) and throws on anything else.
 */
export interface SagaStep {
  name: string;
  /** The saga's state once `invoke` succeeded. */
  reached: SagaState;
  /**
   * The point of no return: once this step is done the order exists, and the saga goes only
   * forward. A later step that throws is retried (by recovery), never undone; only a failure
   * `invoke` returns (the authorization is gone, the hold expired) still undoes everything.
   */
  pivot?: boolean;
  invoke(run: SagaRun): Promise<StepResult>;
  /**
   * Undoes `invoke`. Runs newest first when a later step fails, and from recovery for a saga
   * that died half-way, so it must be safe to repeat and safe when `invoke` never ran or only
   * half ran (the peers keep tombstones: a released or voided id is refused later).
   */
  compensate?(run: SagaRun, failure: CheckoutFailure): Promise<void>;
}

const ok = (patch?: SagaPatch): StepResult => (patch ? { ok: true, patch } : { ok: true });
const fail = (failure: CheckoutFailure): StepResult => ({ ok: false, failure });

interface PricedSaga extends Saga {
  lines: SagaLine[];
  address: Address;
  currency: string;
  totalAmount: number;
}

function priced(saga: Saga): PricedSaga {
  const { lines, address, currency, totalAmount } = saga;
  if (!lines || !address || !currency || totalAmount === null) throw new Error(`saga ${saga.id} was not priced`);
  return { ...saga, lines, address, currency, totalAmount };
}

function paymentOf(saga: Saga): string {
  if (!saga.paymentId) throw new Error(`saga ${saga.id} has no payment`);
  return saga.paymentId;
}

const cartLines = (saga: Saga) => priced(saga).lines.map((l) => ({ productId: l.productId, quantity: l.quantity }));

export interface StepDependencies {
  peers: Peers;
  orders: OrderRepository;
  reservationTtlSeconds: number;
  /** Called after outbox writes, so events leave without waiting for the relay's next tick. */
  onEvents: () => void;
}

/**
 * The checkout: reserve the stock -> authorize the payment -> create the order (price snapshot)
 * -> capture -> commit the stock (order PAID) -> take the lines out of the cart. Every peer call
 * is keyed by the saga's id, so any step can be repeated.
 */
export function checkoutSteps({ peers, orders, reservationTtlSeconds, onEvents }: StepDependencies): readonly SagaStep[] {
  return [
    {
      name: "reserveStock",
      reached: "STOCK_RESERVED",
      async invoke({ saga, call }) {
        const request = { reservationId: saga.id, userId: saga.userId, items: cartLines(saga), ttlSeconds: reservationTtlSeconds };
        const held = await peers.inventory.reserve(call, request);
        if (held.status === "OUT_OF_STOCK") {
          return fail({
            kind: "error",
            code: "OUT_OF_STOCK",
            message: "Some items are not available in the quantities you asked for",
            items: held.items,
          });
        }
        if (held.status === "CLOSED") throw new Error(`reservation ${saga.id} is already ${held.reservation}`);
        return ok();
      },
      async compensate({ saga, call }) {
        // Refused only when the units were sold (COMMITTED, RESTOCKED): commitStock has no undo,
        // so a saga never gets here after it.
        await peers.inventory.release(call, saga.id);
      },
    },
    {
      name: "authorizePayment",
      reached: "PAYMENT_AUTHORIZED",
      async invoke({ saga, call, card }) {
        if (!card) throw new Error(`saga ${saga.id}: authorizing needs the card, which only the customer's request has`);
        const { currency, totalAmount } = priced(saga);
        const amount = { amount: totalAmount, currency };
        const payment = await peers.payments.authorize(call, {
          idempotencyKey: saga.id,
          orderRef: saga.id,
          userId: saga.userId,
          amount,
          paymentMethod: card,
        });
        if (payment.status === "DECLINED") return fail(declined(payment.reason));
        return ok({ paymentId: payment.paymentId });
      },
      async compensate({ saga, call }) {
        // By key: also leaves a tombstone, so an authorization still in flight is refused.
        const voided = await peers.payments.voidByKey(call, saga.id);
        if (!voided.done && (voided.status === "CAPTURED" || voided.status === "PARTIALLY_REFUNDED")) {
          throw new Error(`saga ${saga.id}: payment is ${voided.status}; it must be refunded before it can be released`);
        }
      },
    },
    {
      name: "createOrder",
      reached: "ORDER_CREATED",
      pivot: true,
      async invoke({ saga }) {
        const { lines, address, currency } = priced(saga);
        // Moves the saga to ORDER_CREATED in the order's own transaction: the order exists if and
        // only if the saga says so, whatever crashes in between.
        await orders.createForSaga({
          id: saga.id,
          userId: saga.userId,
          currency,
          lines,
          shippingAddress: address,
          paymentId: paymentOf(saga),
        });
        return ok();
      },
      async compensate({ saga }, failure) {
        // Only an order still waiting for its payment; no order at all is fine too.
        if (await orders.move(saga.id, "PENDING_PAYMENT", "CANCELLED", null, failure.message)) onEvents();
      },
    },
    {
      name: "capturePayment",
      reached: "PAYMENT_CAPTURED",
      async invoke({ saga, call }) {
        const capture = await peers.payments.capture(call, paymentOf(saga));
        // The authorization is gone (voided by recovery while this process stalled): nothing was taken.
        if (!capture.done) return fail(declined("voided"));
        return ok();
      },
      async compensate({ saga, call }) {
        if (!saga.paymentId) return;
        const refund = await peers.payments.refund(call, saga.paymentId, `checkout:${saga.id}`);
        // Refused as not captured or already refunded: there is nothing to give back.
        if (!refund.done && refund.error !== "not_captured" && refund.error !== "nothing_to_refund") {
          throw new Error(`saga ${saga.id}: refund refused (${refund.error ?? refund.status})`);
        }
      },
    },
    {
      name: "commitStock",
      reached: "STOCK_COMMITTED",
      async invoke({ saga, call }) {
        const committed = await peers.inventory.commit(call, saga.id);
        if (!committed.done) {
          // The hold expired before the capture (a long stall) and its units went back on sale.
          const lines = priced(saga).lines;
          const available = new Map(
            (
              await peers.inventory.availability(
                call,
                lines.map((l) => l.productId),
              )
            ).map((a) => [a.productId, a.available]),
          );
          return fail({
            kind: "error",
            code: "OUT_OF_STOCK",
            message: "The stock held for this order expired before the payment went through; the payment was refunded",
            items: lines.map((l) => ({ productId: l.productId, requested: l.quantity, available: available.get(l.productId) ?? 0 })),
          });
        }
        // False when the order moved on already (a repeat after a crash, or a quick cancel).
        if (await orders.move(saga.id, "PENDING_PAYMENT", "PAID", null, "payment captured")) onEvents();
        return ok();
      },
      // No undo: nothing after this step can fail for the customer's reason.
    },
    {
      name: "clearCart",
      reached: "COMPLETED",
      async invoke({ saga, call }) {
        // Until this succeeds the saga stays open, and so does its hold on the user's cart: a
        // checkout with another key cannot charge again for the lines still in it.
        await peers.cart.clear(call, saga.userId, saga.id, cartLines(saga));
        return ok();
      },
    },
  ];
}
