import type { Logger } from "@amazoff/kit";
import type { CheckoutService } from "./checkout.service.ts";
import type { Saga, SagaRepository } from "./saga.repository.ts";

export interface Recovery {
  /** One pass: drives every abandoned saga forward or back. Returns how many it handled. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Finishes checkouts whose process died (or stalled past its lease): a saga without an order is
 * compensated (payment voided by key, stock released), a saga with an order is finished
 * (capture, commit, paid). Runs at start-up and then every `intervalMs`.
 */
export function startRecovery(sagas: SagaRepository, checkout: CheckoutService, options: { intervalMs: number; log: Logger }): Recovery {
  const log = options.log.child({ source: "saga-recovery" });
  let running: Promise<number> | undefined;
  let stopped = false;

  async function handle(saga: Saga): Promise<void> {
    switch (saga.state) {
      case "ORDER_CREATED":
      case "PAYMENT_CAPTURED":
        await checkout.finish(saga.id);
        break;
      default: {
        const failure = (saga.failure as Parameters<CheckoutService["compensate"]>[1] | null) ?? {
          kind: "error" as const,
          code: "PAYMENT_DECLINED" as const,
          message: "Checkout was interrupted; nothing was charged",
          reason: "checkout_interrupted",
        };
        await checkout.compensate(saga, failure);
      }
    }
    log.info({ sagaId: saga.id, from: saga.state }, "recovered checkout");
  }

  async function pass(): Promise<number> {
    let handled = 0;
    for (;;) {
      const batch = await sagas.claimAbandoned(20);
      for (const saga of batch) {
        try {
          await handle(saga);
          handled += 1;
        } catch (error) {
          // Left leased: the next pass after the lease tries again.
          log.warn({ err: error, sagaId: saga.id, state: saga.state }, "recovery step failed; will retry");
        }
      }
      if (batch.length < 20 || stopped) return handled;
    }
  }

  const runOnce = () => {
    running ??= pass().finally(() => {
      running = undefined;
    });
    return running;
  };
  const timer = setInterval(() => void runOnce().catch((error: unknown) => log.error({ err: error }, "recovery pass failed")), options.intervalMs);
  timer.unref();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => {});
    },
  };
}
