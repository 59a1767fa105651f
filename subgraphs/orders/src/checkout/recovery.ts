import type { Logger } from "@amazoff/kit";
import type { OrderCompensationService } from "../orders/order-compensation.service.ts";
import type { SagaRunner } from "./saga-runner.ts";
import type { Saga, SagaRepository } from "./saga.repository.ts";

export interface Recovery {
  /** One pass: drives every abandoned saga and unsettled order compensation. Returns how many it handled. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

const BATCH = 20;

/**
 * Finishes what a dead (or stalled past its lease) process left: a checkout that died before its
 * order existed is undone, one whose order exists is finished, each through the saga's own steps;
 * a cancelled or refunded order whose refund or restock did not go through is settled. Runs at
 * start-up and then every `intervalMs`. Its peer calls carry `recovery:<id>` as the request id.
 */
export function startRecovery(
  sagas: SagaRepository,
  runner: SagaRunner,
  compensations: OrderCompensationService,
  options: { intervalMs: number; log: Logger },
): Recovery {
  const log = options.log.child({ source: "saga-recovery" });
  let running: Promise<number> | undefined;
  let stopped = false;

  async function recoverSaga(saga: Saga): Promise<void> {
    const requestId = `recovery:${saga.id}`;
    const sagaLog = log.child({ sagaId: saga.id, requestId });
    const outcome = await runner.resume({ saga, call: { requestId }, log: sagaLog });
    sagaLog.info({ from: saga.state, outcome: outcome.kind === "order" ? "order" : outcome.code }, "recovered checkout");
  }

  async function sagasPass(): Promise<number> {
    let handled = 0;
    for (;;) {
      const batch = await sagas.claimAbandoned(BATCH);
      for (const saga of batch) {
        try {
          await recoverSaga(saga);
          handled += 1;
        } catch (error) {
          // Left leased: the next pass after the lease tries again.
          log.warn({ err: error, sagaId: saga.id, state: saga.state }, "recovery step failed; will retry");
        }
      }
      if (batch.length < BATCH || stopped) return handled;
    }
  }

  const pass = async () => (await sagasPass()) + (await compensations.settleAbandoned(BATCH, log));

  const runOnce = () => {
    running ??= pass().finally(() => {
      running = undefined;
    });
    return running;
  };
  const timer = setInterval(
    () => void runOnce().catch((error: unknown) => log.error({ err: error }, "recovery pass failed")),
    options.intervalMs,
  );
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
