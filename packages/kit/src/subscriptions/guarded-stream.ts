import type { ExecutionResult } from "graphql";

/** A subscription's stream of results that its connection can end from outside with one last result. */
export interface GuardedStream extends AsyncGenerator<ExecutionResult, undefined, unknown> {
  /** Sends `last` (e.g. an UNAUTHENTICATED error) as the final result, then completes; the source is released. */
  end(last: ExecutionResult): void;
}

/**
 * Wraps the stream graphql-js made for a subscription so that it can be ended by something other
 * than its own source: the connection's token expiring or being revoked. `onFinish` runs once,
 * whichever way the stream ends (source done, client's `complete`, disconnect, or `end`).
 */
export function guardStream(source: AsyncIterator<ExecutionResult>, onFinish: () => void): GuardedStream {
  let interrupt: ((last: ExecutionResult) => void) | undefined;
  const interrupted = new Promise<{ last: ExecutionResult }>((resolve) => {
    interrupt = (last) => resolve({ last });
  });
  let finished = false;
  let lastSent = false;

  const finish = async (): Promise<void> => {
    if (finished) return;
    finished = true;
    onFinish();
    // Releases the source (its pub/sub listener); a pending `next` of it then settles as done.
    await source.return?.();
  };

  const stream: GuardedStream = {
    async next() {
      if (finished) return { done: true, value: undefined };
      const outcome = await Promise.race([source.next(), interrupted]);
      if ("last" in outcome) {
        await finish();
        if (lastSent) return { done: true, value: undefined };
        lastSent = true;
        return { done: false, value: outcome.last };
      }
      if (outcome.done) {
        await finish();
        return { done: true, value: undefined };
      }
      return outcome;
    },
    async return() {
      await finish();
      return { done: true, value: undefined };
    },
    async throw(error: unknown) {
      await finish();
      throw error;
    },
    end(last) {
      interrupt?.(last);
    },
    [Symbol.asyncIterator]() {
      return stream;
    },
  };
  return stream;
}
