/** How a process ended: its exit code, or the signal that ended it (null when unknown). */
export type ExitStatus = number | NodeJS.Signals | null;

/** One running process of a supervised service. */
export interface RunningService {
  readonly pid: number | undefined;
  /** Resolves when the process has ended, however it ended. */
  readonly exited: Promise<ExitStatus>;
  /** Asks the process to stop; resolves once it has exited. */
  stop(): Promise<void>;
}

export interface ServiceSpec<R extends RunningService = RunningService> {
  name: string;
  /** Starts a fresh process of the service (same command and environment every time). */
  launch(): R;
  /** Resolves once the process serves; rejects if it exits first or is not ready in time. */
  ready(running: R): Promise<void>;
}

export interface RestartPolicy {
  /** Wait before the first restart; each further crash within the window doubles it. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** This many crashes of one service within `windowMs` is a crash loop: it is given up on. */
  maxCrashes: number;
  windowMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { initialDelayMs: 500, maxDelayMs: 10_000, maxCrashes: 5, windowMs: 60_000 };

export interface SupervisorOptions {
  log: (line: string) => void;
  policy?: RestartPolicy;
  now?: () => number;
}

interface Slot {
  spec: ServiceSpec;
  running?: RunningService;
  /** When the service crashed, within the policy's window. */
  crashes: number[];
  restartTimer?: NodeJS.Timeout;
  /** How it ended while the platform was still starting (a start failure). */
  exitedDuringStartup?: ExitStatus;
}

export function describeExit(status: ExitStatus): string {
  if (typeof status === "number") return `exit code ${status}`;
  return status ? `signal ${status}` : "unknown exit";
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Keeps the platform's services running. Services are started one by one (`start`) and a failure
 * then is a start failure, as before; once `supervise()` is called, a service that exits on its own
 * is restarted with exponential backoff while the others keep serving. A crash loop
 * (`maxCrashes` within `windowMs`) gives up on that service only: the rest of the platform keeps
 * serving without it, which is what a crashed service must not prevent. `stop()` cancels pending
 * restarts and stops the services in reverse start order (the router, started last, first).
 */
export class Supervisor {
  private readonly slots: Slot[] = [];
  private readonly policy: RestartPolicy;
  private readonly now: () => number;
  private supervising = false;
  private stopping: Promise<void> | undefined;

  constructor(private readonly options: SupervisorOptions) {
    this.policy = options.policy ?? DEFAULT_RESTART_POLICY;
    this.now = options.now ?? Date.now;
  }

  /** Starts a service and waits until it is ready; rejects when it exits or fails first. */
  async start<R extends RunningService>(spec: ServiceSpec<R>): Promise<void> {
    if (this.stopping) throw new Error("the supervisor is stopping");
    const slot: Slot = { spec, crashes: [] };
    this.slots.push(slot);
    const running = spec.launch();
    this.watch(slot, running);
    await spec.ready(running);
  }

  /**
   * Start-up is over: from now on an exit is a crash, and restarted. Throws (a start failure) if a
   * service already exited after it was ready, while the others were still starting.
   */
  supervise(): void {
    const failed = this.slots.find((slot) => "exitedDuringStartup" in slot);
    if (failed)
      throw new Error(`${failed.spec.name} exited during start-up (${describeExit(failed.exitedDuringStartup!)}; see its log above)`);
    this.supervising = true;
  }

  /** Cancels pending restarts, then stops every service, last started first; safe to call again. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const slot of this.slots) clearTimeout(slot.restartTimer);
      for (const slot of [...this.slots].reverse()) await slot.running?.stop();
    })();
    return this.stopping;
  }

  /** The current process of a service (undefined while it waits for a restart or was given up). */
  processOf(name: string): RunningService | undefined {
    return this.slots.find((slot) => slot.spec.name === name)?.running;
  }

  private watch(slot: Slot, running: RunningService): void {
    slot.running = running;
    void running.exited.then((status) => this.onExit(slot, running, status));
  }

  private onExit(slot: Slot, running: RunningService, status: ExitStatus): void {
    if (slot.running !== running) return;
    slot.running = undefined;
    if (this.stopping) return;
    const name = slot.spec.name;
    if (!this.supervising) {
      slot.exitedDuringStartup = status;
      return;
    }
    const now = this.now();
    slot.crashes = [...slot.crashes.filter((at) => now - at < this.policy.windowMs), now];
    const attempt = slot.crashes.length;
    if (attempt >= this.policy.maxCrashes) {
      this.options.log(
        `${name} exited unexpectedly (${describeExit(status)}): ${attempt} crashes within ${seconds(this.policy.windowMs)}, a crash loop. ` +
          `Giving up on ${name}; the other services keep running without it. Fix the cause, then restart npm start.`,
      );
      return;
    }
    const delay = Math.min(this.policy.initialDelayMs * 2 ** (attempt - 1), this.policy.maxDelayMs);
    this.options.log(`${name} exited unexpectedly (${describeExit(status)}); restart attempt ${attempt} in ${seconds(delay)}`);
    slot.restartTimer = setTimeout(() => this.restart(slot, attempt), delay);
  }

  private restart(slot: Slot, attempt: number): void {
    slot.restartTimer = undefined;
    if (this.stopping) return;
    const name = slot.spec.name;
    const running = slot.spec.launch();
    this.watch(slot, running);
    this.options.log(`${name} restarted (attempt ${attempt}, pid ${running.pid ?? "?"})`);
    slot.spec.ready(running).then(
      () => {
        if (slot.running === running && !this.stopping) this.options.log(`${name} is back`);
      },
      (error: unknown) => {
        // An exit is reported (and restarted) by onExit; only a process that hangs is news here.
        if (slot.running !== running || this.stopping) return;
        this.options.log(`${name} restarted but is not ready: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
  }
}
