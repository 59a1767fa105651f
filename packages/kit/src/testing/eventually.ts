export interface EventuallyOptions {
  /** Longest to keep trying (default 10 s); then the last failure is thrown. */
  timeoutMs?: number;
  /** Pause between two tries (default 50 ms). */
  intervalMs?: number;
}

/**
 * Retries `check` until it resolves, and returns what it resolved with: for a condition a test
 * cannot await directly (a background loop, another process, a feed polled every second). A check
 * that still throws after `timeoutMs` fails the test with its own error, not a bare timeout.
 */
export async function eventually<T>(check: () => Promise<T>, options: EventuallyOptions = {}): Promise<T> {
  const { timeoutMs = 10_000, intervalMs = 50 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
