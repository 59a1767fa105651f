import { checkoutFailed, type CheckoutFailure, type CheckoutOutcome } from "./checkout.outcome.ts";
import type { SagaRun, SagaStep, StepResult } from "./saga-steps.ts";
import type { SagaRepository, SagaState } from "./saga.repository.ts";

export type FaultPoint = "after-reserve" | "after-authorize" | "after-order";

/** Crash tests: the step after which the process dies for each fault point. */
const FAULT_AFTER: Record<FaultPoint, string> = {
  "after-reserve": "reserveStock",
  "after-authorize": "authorizePayment",
  "after-order": "createOrder",
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
 * Drives a saga's steps: forward, recording each state before the next step starts; back, running
 * the compensations newest first. The customer's request and recovery use the same runner and
 * the same steps: recovery only decides from the recorded state which way the saga goes.
 */
export class SagaRunner {
  private readonly pivot: number;

  constructor(
    private readonly steps: readonly SagaStep[],
    private readonly sagas: SagaRepository,
    private readonly options: { fault?: FaultPoint } = {},
  ) {
    this.pivot = steps.findIndex((step) => step.pivot);
  }

  /**
   * Runs the steps after the saga's state. A failure a step returns undoes everything done so
   * far; an error thrown before the pivot undoes it too (as CHECKOUT_FAILED), while one thrown
   * after it propagates: the order exists, and recovery finishes the saga.
   */
  async forward(run: SagaRun): Promise<CheckoutOutcome> {
    for (let index = this.nextIndex(run.saga.state); index < this.steps.length; index += 1) {
      const step = this.steps[index]!;
      let result: StepResult;
      try {
        result = this.isPastPivot(run.saga.state) ? await retrying(() => step.invoke(run)) : await step.invoke(run);
      } catch (error) {
        // The step may have recorded its state in its own transaction before failing (createOrder).
        const state = (await this.sagas.findById(run.saga.id))?.state ?? run.saga.state;
        if (this.isPastPivot(state)) throw error;
        run.log.error({ err: error, step: step.name }, "checkout step failed unexpectedly; undoing the checkout");
        return this.rollback(run, index, checkoutFailed());
      }
      if (!result.ok) return this.rollback(run, index, result.failure);
      run.saga = { ...run.saga, ...result.patch, state: step.reached };
      await this.sagas.update(run.saga.id, { ...result.patch, state: step.reached });
      this.crashAfter(step, run);
    }
    return { kind: "order", orderId: run.saga.id };
  }

  /**
   * Records the failure, then undoes, newest first, every step up to and including `through`
   * (which may have half run). If an undo throws, the saga stays COMPENSATING with its failure
   * recorded, and recovery runs the undos again.
   */
  async rollback(run: SagaRun, through: number, failure: CheckoutFailure): Promise<CheckoutFailure> {
    await this.sagas.update(run.saga.id, { state: "COMPENSATING", failure });
    run.saga = { ...run.saga, state: "COMPENSATING", failure };
    for (const step of this.steps.slice(0, through + 1).reverse()) await step.compensate?.(run, failure);
    await this.sagas.update(run.saga.id, { state: "FAILED" });
    run.saga = { ...run.saga, state: "FAILED" };
    return failure;
  }

  /** Recovery: finishes a saga whose order exists, undoes one that died before that. */
  async resume(run: SagaRun): Promise<CheckoutOutcome> {
    const { state, failure } = run.saga;
    if (state === "COMPENSATING") return this.rollback(run, this.steps.length - 1, failure ?? checkoutFailed());
    if (this.isPastPivot(state)) return this.forward(run);
    // The step after the recorded state may have half run (a call sent, the answer lost): undo it too.
    return this.rollback(run, Math.min(this.nextIndex(state), this.steps.length - 1), failure ?? checkoutFailed());
  }

  /** Whether the saga's order exists (the pivot is done): from here it only goes forward. */
  isPastPivot(state: SagaState): boolean {
    return this.pivot >= 0 && this.indexOf(state) >= this.pivot;
  }

  /** The index of the step that reached `state` (-1 for STARTED, before any step). */
  private indexOf(state: SagaState): number {
    return this.steps.findIndex((step) => step.reached === state);
  }

  private nextIndex(state: SagaState): number {
    return this.indexOf(state) + 1;
  }

  private crashAfter(step: SagaStep, run: SagaRun): void {
    if (!this.options.fault || FAULT_AFTER[this.options.fault] !== step.name) return;
    run.log.warn({ point: this.options.fault }, "fault injection: killing the process");
    process.kill(process.pid, "SIGKILL");
  }
}
