import type { FormattedExecutionResult, GraphQLFormattedError } from "graphql";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";

/** How a test subscription ended. */
export type SubscriptionEnd =
  | { kind: "complete" }
  | { kind: "error"; errors: readonly GraphQLFormattedError[] }
  | { kind: "closed"; code: number; reason: string };

export interface TestSubscription<D = Record<string, any>> {
  /** Every result received so far, in order. */
  results: FormattedExecutionResult<D>[];
  /** The next result not taken yet (waits for it; fails after `timeoutMs`, default 10 s). */
  next(timeoutMs?: number): Promise<FormattedExecutionResult<D>>;
  /** Settles when the subscription ends: `complete`, an `error` message, or the socket closed. */
  ended: Promise<SubscriptionEnd>;
  /** Resolves once the server acknowledged the connection (`connection_ack`). */
  connected: Promise<void>;
  /** Completes the subscription and closes the connection. */
  stop(): Promise<void>;
}

/** `http://host:port/graphql` → `ws://host:port/graphql`. */
export const wsUrlOf = (httpUrl: string): string => httpUrl.replace(/^http/, "ws");

/**
 * One subscription over its own graphql-ws connection (as the router opens them), for tests:
 * results are collected, and how it ended is reported (including the close code).
 */
export function subscribeOverWs<D = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  connectionParams: Record<string, unknown> = {},
): TestSubscription<D> {
  const results: FormattedExecutionResult<D>[] = [];
  let taken = 0;
  const waiters: (() => void)[] = [];
  let settle!: (end: SubscriptionEnd) => void;
  const ended = new Promise<SubscriptionEnd>((resolve) => {
    settle = resolve;
  });
  let acknowledge!: () => void;
  let refuse!: (error: Error) => void;
  const connected = new Promise<void>((resolve, reject) => {
    acknowledge = resolve;
    refuse = reject;
  });
  connected.catch(() => {});
  const client: Client = createClient({
    url: wsUrlOf(url),
    webSocketImpl: WebSocket,
    connectionParams,
    lazy: false,
    // Reported through `ended` (with the close code) instead of printed.
    onNonLazyError: () => {},
    retryAttempts: 0,
    on: {
      connected: () => acknowledge(),
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        refuse(new Error(`connection closed before it was acknowledged: ${code} ${reason}`));
        settle({ kind: "closed", code, reason });
      },
    },
  });
  const unsubscribe = client.subscribe<D>(
    { query, variables },
    {
      next(result) {
        results.push(result as FormattedExecutionResult<D>);
        for (const wake of waiters.splice(0)) wake();
      },
      error(error) {
        if (Array.isArray(error)) settle({ kind: "error", errors: error });
        // A close is reported by `on.closed` (with its code).
      },
      complete() {
        settle({ kind: "complete" });
      },
    },
  );
  void ended.then(() => {
    for (const wake of waiters.splice(0)) wake();
  });

  let done = false;
  void ended.then(() => {
    done = true;
  });
  return {
    results,
    ended,
    connected,
    async next(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (taken >= results.length) {
        if (done) throw new Error(`the subscription ended (${JSON.stringify(await ended)}) before another result came`);
        if (Date.now() > deadline) throw new Error(`no result within ${timeoutMs} ms (${results.length} received)`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return results[taken++]!;
    },
    async stop() {
      unsubscribe();
      await client.dispose();
    },
  };
}
