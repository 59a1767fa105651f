/** The longest wait between two attempts. */
export const MAX_RETRY_DELAY_MS = 60 * 60 * 1000;

/**
 * Exponential backoff: after the n-th failed attempt wait `baseMs * 2^(n-1)`, capped at an hour,
 * with ±20 % jitter so that messages that failed together (a mail server down) do not all come
 * back at the same moment. `random` is in [0, 1).
 */
export function retryDelayMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(MAX_RETRY_DELAY_MS, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (0.8 + 0.4 * random()));
}
