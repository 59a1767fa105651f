import type { Logger } from "@amazoff/kit";
import type { ReservationService } from "./reservation.service.ts";

export interface ExpirySweeper {
  /** Sweeps now (tests; the loop sweeps on its own). */
  sweep(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Releases overdue reservations every `intervalMs`. A sweep never overlaps the previous one (the
 * next is scheduled when one ends), and several replicas can sweep at once: each claims rows with
 * SKIP LOCKED. `stop` waits for a sweep in progress, so the pool can close right after.
 */
export function startExpirySweeper(options: { reservations: ReservationService; intervalMs: number; log: Logger }): ExpirySweeper {
  const log = options.log.child({ source: "expiry-sweeper" });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let stopped = false;

  const sweep = (): Promise<number> => {
    running ??= options.reservations
      .expireOverdue()
      .then((count) => {
        if (count) log.info({ count }, "expired overdue reservations");
        return count;
      })
      .catch((error: unknown) => {
        log.error({ err: error }, "expiry sweep failed; will retry");
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void sweep().then(schedule), options.intervalMs);
    timer.unref();
  };
  schedule();

  return {
    sweep,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
