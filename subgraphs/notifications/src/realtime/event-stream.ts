import { AppError, ErrorCode } from "@amazoff/kit";

/**
 * Most events one subscriber may have waiting. A subscriber that falls this far behind (its
 * connection does not read) is ended with an error rather than buffered without bound.
 */
export const MAX_BUFFERED_EVENTS = 256;

/** Where events for one subscriber come from: `subscribe` resolves once it is listening, with its stop function. */
export type EventSource<T> = (listener: (event: T) => void) => Promise<() => void>;

/**
 * One subscriber's events as the async iterator a subscription field's `subscribe` returns: the
 * listener is in place before it resolves, events queue (up to `maxBuffered`) until graphql-ws
 * takes them, and `return()` (the client completed or disconnected) stops the listener.
 */
export async function eventStream<T>(source: EventSource<T>, maxBuffered = MAX_BUFFERED_EVENTS): Promise<AsyncIterableIterator<T>> {
  const queue: T[] = [];
  let wake: (() => void) | undefined;
  let finished = false;
  let overflowed = false;
  const stop = await source((event) => {
    if (finished) return;
    if (queue.length >= maxBuffered) {
      overflowed = true;
      finish();
      return;
    }
    queue.push(event);
    wake?.();
  });
  function finish(): void {
    if (finished) return;
    finished = true;
    stop();
    wake?.();
  }
  const iterator: AsyncIterableIterator<T> = {
    async next() {
      while (queue.length === 0 && !finished) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
      if (overflowed) {
        queue.length = 0;
        overflowed = false;
        throw new AppError(ErrorCode.RATE_LIMITED, "Too many events waiting for this subscriber; subscribe again", {
          details: { retryAfterSeconds: 1 },
        });
      }
      if (queue.length) return { done: false, value: queue.shift()! };
      return { done: true, value: undefined };
    },
    async return() {
      queue.length = 0;
      finish();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
