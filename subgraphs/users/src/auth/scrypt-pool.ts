import type { ScryptOptions } from "node:crypto";
import { Worker } from "node:worker_threads";
import { RateLimitedError } from "@amazoff/kit";

export interface ScryptPoolOptions {
  /** Worker threads, each hashing one password at a time. */
  workers: number;
  /** Hashes that may wait for a worker; one more is refused (RATE_LIMITED), not queued. */
  maxQueue: number;
}

interface Job {
  id: number;
  password: string;
  salt: Buffer;
  keyLength: number;
  options: ScryptOptions;
  resolve(key: Buffer): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  startedAt: number;
}

const WORKER_URL = new URL("./scrypt.worker.mjs", import.meta.url);

/**
 * scrypt on worker threads with a bounded queue. Node's async scrypt runs on libuv's thread pool
 * (4 threads, shared with DNS lookups and file I/O): a burst of sign-ins would queue there without
 * bound and starve everything else. Here at most `workers` hashes run at once (each holds 32 MiB
 * at N = 2^15), at most `maxQueue` wait, and the rest are refused at once with RATE_LIMITED and
 * how long the queue needs to drain, so that a burst degrades into clear retries rather than
 * timeouts. Workers start on first use and are replaced if one dies.
 */
export class ScryptPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  /** Moving average of one hash's duration, for the Retry-After estimate. */
  private averageMs = 200;
  private closed = false;

  constructor(private readonly options: ScryptPoolOptions) {
    if (options.workers < 1 || options.maxQueue < 0) throw new Error("ScryptPool needs at least one worker and a queue of 0 or more");
  }

  derive(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
    if (this.closed) return Promise.reject(new Error("ScryptPool is closed"));
    const idle = this.idleSlot();
    if (!idle && this.queue.length >= this.options.maxQueue) {
      return Promise.reject(new RateLimitedError("Too many sign-ins at once; try again shortly", this.retryAfterSeconds()));
    }
    return new Promise<Buffer>((resolve, reject) => {
      const job: Job = { id: this.nextId++, password, salt, keyLength, options, resolve, reject };
      if (idle) this.run(idle, job);
      else this.queue.push(job);
    });
  }

  /** Hashes running and waiting (for tests and logs). */
  load(): { running: number; queued: number } {
    return { running: this.slots.filter((s) => s.job).length, queued: this.queue.length };
  }

  /** Stops every worker; hashes still running or waiting are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    for (const job of [...slots.map((s) => s.job), ...this.queue.splice(0)]) job?.reject(new Error("ScryptPool is closed"));
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  /** Seconds until the queue has drained at the recent pace (at least 1). */
  private retryAfterSeconds(): number {
    const ahead = this.queue.length + this.options.workers;
    return Math.max(1, Math.ceil((ahead / this.options.workers) * (this.averageMs / 1000)));
  }

  private idleSlot(): Slot | undefined {
    const idle = this.slots.find((s) => !s.job);
    if (idle) return idle;
    if (this.slots.length < this.options.workers) return this.spawn();
    return undefined;
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(WORKER_URL), job: null, startedAt: 0 };
    // An idle worker must not keep a process (a CLI, a test) alive; a busy one is ref'd in run().
    slot.worker.unref();
    slot.worker.on("message", (message: { id: number; key?: Uint8Array; error?: string }) => {
      const job = slot.job;
      if (!job || job.id !== message.id) return;
      this.averageMs = this.averageMs * 0.8 + (performance.now() - slot.startedAt) * 0.2;
      this.finish(slot);
      if (message.key) job.resolve(Buffer.from(message.key.buffer, message.key.byteOffset, message.key.byteLength));
      else job.reject(new Error(`scrypt failed: ${message.error}`));
    });
    const lost = (error: Error) => {
      const index = this.slots.indexOf(slot);
      if (index < 0) return;
      this.slots.splice(index, 1);
      slot.job?.reject(error);
      slot.job = null;
      const next = this.queue.shift();
      if (next && !this.closed) this.run(this.spawn(), next);
    };
    slot.worker.on("error", lost);
    slot.worker.on("exit", (code) => lost(new Error(`scrypt worker exited (${code})`)));
    this.slots.push(slot);
    return slot;
  }

  private run(slot: Slot, job: Job): void {
    slot.job = job;
    slot.startedAt = performance.now();
    slot.worker.ref();
    slot.worker.postMessage({ id: job.id, password: job.password, salt: job.salt, keyLength: job.keyLength, options: job.options });
  }

  private finish(slot: Slot): void {
    slot.job = null;
    const next = this.queue.shift();
    if (next) this.run(slot, next);
    else slot.worker.unref();
  }
}
