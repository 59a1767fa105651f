import { createHash } from "node:crypto";
import { RateLimitedError } from "@amazoff/kit";
import { afterFailure, afterSuccess, cleared, isLocked, retryAfterSeconds, type Subject, type ThrottlePolicy } from "./throttle.policy.ts";
import type { ThrottleRepository } from "./throttle.repository.ts";

/** Quiet subjects are forgotten after a day (their counters have long reset by then). */
const PURGE_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * A throttle key: `<purpose>:<kind>:<sha256 of the value>`. Hashed so that neither emails (also
 * unknown ones people mistyped) nor client addresses are stored in clear.
 */
export function throttleSubject(purpose: string, kind: string, value: string, policy: ThrottlePolicy): Subject {
  return { key: `${purpose}:${kind}:${createHash("sha256").update(value).digest("hex")}`, policy };
}

const rateLimited = (seconds: number) => new RateLimitedError(`Too many failed attempts; try again in ${seconds} s`, seconds);

/** Slows down and then refuses repeated failed credential checks (policies in throttle.policy.ts). */
export class ThrottleService {
  constructor(
    private readonly counters: ThrottleRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Counts an attempt as failed *before* the credential is checked, so that a burst of parallel
   * guesses cannot all start before the first failure is recorded; `succeeded` takes it back.
   * Throws RATE_LIMITED (counting nothing) while any subject must wait.
   */
  async begin(subjects: Subject[]): Promise<void> {
    const now = this.now();
    const wait = await this.counters.update(
      subjects.map((s) => s.key),
      (current) => {
        const seconds = retryAfterSeconds(current.values(), now);
        if (seconds > 0) return { result: seconds, write: [] };
        return { result: 0, write: subjects.map((s) => afterFailure(s, current.get(s.key), now)) };
      },
    );
    if (wait > 0) throw rateLimited(wait);
  }

  /** The attempt `begin` counted succeeded: `proven` subjects start afresh, the others get it back. */
  async succeeded(proven: Subject[], others: Subject[]): Promise<void> {
    const provenKeys = new Set(proven.map((s) => s.key));
    await this.counters.update(
      [...proven, ...others].map((s) => s.key),
      (current) => ({
        result: undefined,
        write: [...current.values()].map((counter) => (provenKeys.has(counter.key) ? cleared(counter) : afterSuccess(counter))),
      }),
    );
  }

  /**
   * The attempt `begin` counted never got to check the credential (the password hasher was too
   * busy): it is taken back from every subject, as neither a failure nor a success.
   */
  withdraw(subjects: Subject[]): Promise<void> {
    return this.succeeded([], subjects);
  }

  /** Throws RATE_LIMITED while any subject must wait (a plain read, for cheap checks). */
  async check(subjects: Subject[]): Promise<void> {
    const now = this.now();
    const current = await this.counters.find(subjects.map((s) => s.key));
    const seconds = retryAfterSeconds(current.values(), now);
    if (seconds > 0) throw rateLimited(seconds);
  }

  /** Records a failure of a check made with `check` (where success is the common, write-free path). */
  async failed(subjects: Subject[]): Promise<void> {
    const now = this.now();
    await this.counters.update(
      subjects.map((s) => s.key),
      (current) => ({
        result: undefined,
        write: subjects.filter((s) => !isLocked(current.get(s.key), now)).map((s) => afterFailure(s, current.get(s.key), now)),
      }),
    );
  }

  purge(): Promise<number> {
    const now = this.now();
    return this.counters.purge(new Date(now.getTime() - PURGE_AFTER_MS), now);
  }
}
