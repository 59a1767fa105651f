import type { GraphQLFormattedError } from "graphql";
import WebSocket from "ws";

export interface Payload {
  data?: Record<string, any> | null;
  errors?: GraphQLFormattedError[];
}

/** How a subscription ended: the protocol's `error` (errors), `complete` (nothing), or its socket closed (code). */
export interface Ending {
  errors?: GraphQLFormattedError[];
  complete?: true;
  closed?: number;
}

export interface TestSubscription {
  readonly id: string;
  /** Every event received so far. */
  readonly events: Payload[];
  /** The next event not yet taken; rejects when none comes within `timeoutMs` or the subscription ends first. */
  next(timeoutMs?: number): Promise<Payload>;
  readonly ended: Promise<Ending>;
  /** Sends `complete`: the client is done with it. */
  complete(): void;
}

export interface TestConnection {
  readonly ws: WebSocket;
  /** Resolves on connection_ack; rejects if the socket closes first. */
  readonly acked: Promise<void>;
  readonly closed: Promise<{ code: number; reason: string }>;
  /** WebSocket pings received from the router. */
  readonly pings: number;
  subscribe(query: string, variables?: Record<string, unknown>): TestSubscription;
  close(): Promise<void>;
}

/**
 * A bare `graphql-transport-ws` client over `ws`, for tests that need to see the protocol as it
 * is: close codes, `error` versus `complete`, pings, and a client that stops reading.
 */
export function openConnection(
  httpUrl: string,
  connectionParams?: Record<string, unknown>,
  options: { autoPong?: boolean; protocols?: string[] } = {},
): TestConnection {
  const ws = new WebSocket(httpUrl.replace(/^http/, "ws"), options.protocols ?? ["graphql-transport-ws"], {
    autoPong: options.autoPong ?? true,
  });
  const subscriptions = new Map<string, { deliver(payload: Payload): void; end(ending: Ending): void }>();
  let nextId = 1;
  let pings = 0;
  ws.on("ping", () => void pings++);
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on("close", (code, reason) => {
      for (const subscription of subscriptions.values()) subscription.end({ closed: code });
      resolve({ code, reason: reason.toString() });
    });
  });
  ws.on("error", () => {});
  const acked = new Promise<void>((resolve, reject) => {
    ws.on("open", () => ws.send(JSON.stringify({ type: "connection_init", ...(connectionParams ? { payload: connectionParams } : {}) })));
    ws.on("message", (data) => {
      const message = JSON.parse(String(data)) as { type: string; id?: string; payload?: unknown };
      if (message.type === "connection_ack") return resolve();
      if (message.type === "ping") return ws.send(JSON.stringify({ type: "pong" }));
      const subscription = message.id ? subscriptions.get(message.id) : undefined;
      if (!subscription) return;
      if (message.type === "next") subscription.deliver(message.payload as Payload);
      else if (message.type === "error") subscription.end({ errors: message.payload as GraphQLFormattedError[] });
      else if (message.type === "complete") subscription.end({ complete: true });
    });
    void closed.then(({ code, reason }) => reject(new Error(`closed before connection_ack: ${code} ${reason}`)));
  });
  acked.catch(() => {});

  return {
    ws,
    acked,
    closed,
    get pings() {
      return pings;
    },
    subscribe(query, variables) {
      const id = String(nextId++);
      const events: Payload[] = [];
      let taken = 0;
      let wake: (() => void) | undefined;
      let ending: Ending | undefined;
      let settle!: (ending: Ending) => void;
      const ended = new Promise<Ending>((resolve) => {
        settle = resolve;
      });
      subscriptions.set(id, {
        deliver(payload) {
          events.push(payload);
          wake?.();
        },
        end(value) {
          if (ending) return;
          ending = value;
          subscriptions.delete(id);
          settle(value);
          wake?.();
        },
      });
      ws.send(JSON.stringify({ id, type: "subscribe", payload: { query, ...(variables ? { variables } : {}) } }));
      return {
        id,
        events,
        ended,
        async next(timeoutMs = 5_000) {
          const deadline = Date.now() + timeoutMs;
          while (taken >= events.length) {
            if (ending) throw new Error(`subscription ended before the next event: ${JSON.stringify(ending)}`);
            const left = deadline - Date.now();
            if (left <= 0) throw new Error(`no event within ${timeoutMs} ms`);
            await new Promise<void>((resolve) => {
              wake = resolve;
              setTimeout(resolve, left);
            });
          }
          return events[taken++]!;
        },
        complete() {
          subscriptions.delete(id);
          ws.send(JSON.stringify({ id, type: "complete" }));
        },
      };
    },
    async close() {
      if (ws.readyState !== WebSocket.CLOSED) ws.close(1000);
      await closed;
    },
  };
}

/** Waits until `check` stops throwing (polling), or throws its last error after `timeoutMs`. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
