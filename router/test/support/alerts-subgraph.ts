import http from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { ForbiddenError, isStaff, NotFoundError, UnauthenticatedError, type TokenVerifier, type Viewer } from "@amazoff/kit";
import { parse, type GraphQLError } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import { ALERTS_SDL, ORDERS } from "./realtime-schemas.ts";

// The CommonJS copy of graphql-js, which @apollo/subgraph builds the schema with (see src/subscriptions/graphql-runtime.ts).
const { execute } = createRequire(import.meta.url)("graphql") as typeof import("graphql");

export interface Notification {
  id: string;
  recipientId: string;
  title: string;
  body?: string;
  order?: { id: string } | null;
  product?: { id: string } | null;
  internalNote?: string;
}

type Topic = "notificationAdded" | "orderStatusChanged" | "stockChanged";

/** What one upstream connection sent in connection_init, as the router forwarded it. */
export interface SeenConnection {
  authorization?: string;
  requestId?: string;
}

export interface AlertsSubgraph {
  url: string;
  port: number;
  /** Pushes an event to every subscriber of the topic (each resolver filters as the real subgraph does). */
  publish(topic: Topic, payload: unknown): void;
  /** Subscriptions open now, per topic: proof that closing the client's closes the upstream one. */
  active(topic?: Topic): number;
  /** Open WebSocket connections from the router. */
  readonly connections: number;
  /** connection_init payloads received, oldest first. */
  seen: SeenConnection[];
  /** Kills the subgraph: every connection dropped, the port closed. */
  stop(): Promise<void>;
}

/**
 * The `alerts` fixture subgraph: federation SDL served over HTTP (POST /graphql, for entity
 * fetches and composition) and over graphql-ws on the same path and port, as the contract asks.
 * It verifies the token the router forwards in connectionParams (4401 when invalid) and filters
 * like the notifications subgraph: `notificationAdded` only the caller's, `orderStatusChanged` the
 * owner's or staff's (NOT_FOUND for a stranger), `stockChanged` anyone's.
 */
export async function startAlertsSubgraph(verifier: TokenVerifier, port = 0): Promise<AlertsSubgraph> {
  const listeners = new Map<Topic, Set<(payload: unknown) => void>>();
  const counts = new Map<Topic, number>();
  const seen: SeenConnection[] = [];

  /**
   * An async iterator of a topic's events that pass `keep`, counted while open. Written by hand
   * rather than as an async generator: `return()` on a generator waiting for its next event would
   * only run its cleanup once another event came.
   */
  function topic(name: Topic, keep: (payload: unknown) => boolean): AsyncIterableIterator<unknown> {
    const queue: unknown[] = [];
    let waiting: ((result: IteratorResult<unknown>) => void) | undefined;
    let done = false;
    const listener = (payload: unknown) => {
      if (!keep(payload)) return;
      const value = { [name]: payload };
      if (waiting) {
        const resolve = waiting;
        waiting = undefined;
        resolve({ value, done: false });
      } else queue.push(value);
    };
    const set = listeners.get(name) ?? new Set();
    listeners.set(name, set);
    set.add(listener);
    counts.set(name, (counts.get(name) ?? 0) + 1);
    const finish = async (): Promise<IteratorResult<unknown>> => {
      if (!done) {
        done = true;
        set.delete(listener);
        counts.set(name, (counts.get(name) ?? 1) - 1);
        waiting?.({ value: undefined, done: true });
      }
      return { value: undefined, done: true };
    };
    const iterator: AsyncIterableIterator<unknown> = {
      next: () =>
        done
          ? Promise.resolve({ value: undefined, done: true })
          : queue.length
            ? Promise.resolve({ value: queue.shift(), done: false })
            : new Promise((resolve) => {
                waiting = resolve;
              }),
      return: finish,
      throw: finish,
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  type Ctx = { viewer: Viewer | null };
  const schema = buildSubgraphSchema({
    typeDefs: parse(ALERTS_SDL),
    resolvers: {
      Query: { alertsVersion: () => "1" },
      Subscription: {
        notificationAdded: {
          subscribe: (_: unknown, __: unknown, { viewer }: Ctx) => {
            if (!viewer) throw new UnauthenticatedError();
            return topic("notificationAdded", (n) => (n as Notification).recipientId === viewer.userId);
          },
        },
        orderStatusChanged: {
          subscribe: (_: unknown, { orderId }: { orderId: string }, { viewer }: Ctx) => {
            const order = ORDERS.find((o) => o.id === orderId);
            if (!order || !viewer || (order.ownerId !== viewer.userId && !isStaff(viewer.role))) throw new NotFoundError("Order not found");
            return topic("orderStatusChanged", (u) => (u as { order: { id: string } }).order.id === orderId);
          },
        },
        stockChanged: {
          subscribe: (_: unknown, { productId }: { productId: string }) =>
            topic("stockChanged", (u) => (u as { product: { id: string } }).product.id === productId),
        },
      },
      Notification: {
        internalNote: (n: Notification, _: unknown, { viewer }: Ctx) => {
          if (!viewer || !isStaff(viewer.role)) throw new ForbiddenError();
          return n.internalNote ?? null;
        },
      },
    } as never,
  });

  async function viewerOf(authorization: unknown): Promise<Viewer | null> {
    if (authorization === undefined) return null;
    const token = typeof authorization === "string" ? /^Bearer (.+)$/.exec(authorization)?.[1] : undefined;
    if (!token) throw new UnauthenticatedError("Invalid authorization");
    return verifier.verify(token);
  }

  const server = http.createServer(async (req, res) => {
    if (req.url === "/health") return void res.end('{"status":"ok"}');
    let body = "";
    for await (const chunk of req) body += chunk;
    const { query, variables } = JSON.parse(body || "{}") as { query: string; variables?: Record<string, unknown> };
    let viewer: Viewer | null;
    try {
      viewer = await viewerOf(req.headers.authorization);
    } catch (error) {
      res.writeHead(401, { "content-type": "application/json" });
      return void res.end(JSON.stringify({ errors: [(error as GraphQLError).toJSON()] }));
    }
    const result = await execute({ schema, document: parse(query), variableValues: variables, contextValue: { viewer } });
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(result));
  });
  const wss = new WebSocketServer({ server, path: "/graphql" });
  useServer(
    {
      schema,
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        seen.push({ authorization: params.authorization as string | undefined, requestId: params["x-request-id"] as string | undefined });
        try {
          await viewerOf(params.authorization);
        } catch {
          ctx.extra.socket.close(4401, "Unauthorized");
          return false;
        }
        return true;
      },
      context: async (ctx) => ({ viewer: await viewerOf(ctx.connectionParams?.authorization) }),
    },
    wss,
  );
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actualPort = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actualPort}/graphql`,
    port: actualPort,
    publish: (name, payload) => {
      for (const listener of listeners.get(name) ?? []) listener(payload);
    },
    active: (name) => (name ? (counts.get(name) ?? 0) : [...counts.values()].reduce((a, b) => a + b, 0)),
    get connections() {
      return wss.clients.size;
    },
    seen,
    stop: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
