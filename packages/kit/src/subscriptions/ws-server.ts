import type { IncomingMessage, Server } from "node:http";
import type { GraphQLError, ExecutionResult, GraphQLFormattedError, GraphQLSchema } from "graphql";
import { CloseCode } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer, type WebSocket } from "ws";
import type { Viewer } from "../auth/claims.ts";
import { bearerToken, type TokenVerifier } from "../auth/verifier.ts";
import { AppError, createErrorFormatter, UnauthenticatedError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { requestIdFrom } from "../request-id.ts";
import type { RequestBase } from "../server.ts";
import { guardStream, type GuardedStream } from "./guarded-stream.ts";

/*
 * GraphQL subscriptions over WebSocket (the `graphql-transport-ws` protocol of graphql-ws), on
 * the same path and port as the subgraph's HTTP endpoint. The router opens one connection per
 * client subscription and sends, in `connection_init`, the access token it verified for that
 * client and the request id:
 *
 *   connectionParams: { authorization: "Bearer <token>", "x-request-id": "<id>" }
 *
 * No `authorization` means anonymous (public subscriptions only). A token that does not verify
 * closes the connection with 4401. A connection's subscriptions end with an UNAUTHENTICATED error
 * when its token expires or is revoked (checked every `identityCheckIntervalMs`), and the
 * connection then closes with 4401: the client reconnects with a fresh token.
 */

export interface SubscriptionServerOptions<C extends RequestBase> {
  /** The HTTP server whose upgrades on `path` become WebSocket connections. */
  http: Server;
  path: string;
  schema: GraphQLSchema;
  verifier?: TokenVerifier;
  /** The same context factory as HTTP requests use (one context per subscription). */
  context: (base: RequestBase) => C | Promise<C>;
  log: Logger;
  /** How often live connections' tokens are checked for expiry and revocation (default 1 s). */
  identityCheckIntervalMs?: number;
  /** WebSocket ping interval; a peer that does not answer within it is dropped (default 12 s). */
  keepAliveMs?: number;
}

export interface SubscriptionServer {
  /** Open connections and live subscriptions, for health output and tests. */
  stats(): { connections: number; subscriptions: number };
  /** Closes every connection (1001 Going away) and stops accepting new ones. */
  dispose(): Promise<void>;
}

/** What this process knows about one WebSocket connection. */
interface Connection {
  socket: WebSocket;
  request: IncomingMessage;
  requestId: string;
  viewer: Viewer | null;
  /** Set once the token expired or was revoked: nothing more is served on this connection. */
  ended: GraphQLError | null;
  streams: Set<GuardedStream>;
}

/** What this module keeps on graphql-ws' per-connection `extra` (beside the socket and request). */
type ConnectionExtra = { connection: Connection };

const UNAUTHORIZED = CloseCode.Unauthorized; // 4401

const paramString = (params: Record<string, unknown> | undefined, name: string): string | undefined => {
  const value = params?.[name];
  return typeof value === "string" ? value : undefined;
};

/** Why a connection's identity no longer holds, or null while it does. */
function identityProblem(connection: Connection, verifier: TokenVerifier | undefined, now: number): GraphQLError | null {
  const viewer = connection.viewer;
  if (!viewer) return null;
  if (viewer.expiresAt !== undefined && viewer.expiresAt <= now) return new UnauthenticatedError("Access token expired");
  try {
    verifier?.check?.(viewer);
    return null;
  } catch (error) {
    return error instanceof AppError ? error : new UnauthenticatedError();
  }
}

/** Serves the schema's subscriptions (and any other operation) over graphql-ws on `options.http`. */
export function serveSubscriptions<C extends RequestBase>(options: SubscriptionServerOptions<C>): SubscriptionServer {
  const log = options.log.child({ source: "subscriptions" });
  const formatError = createErrorFormatter((error) => log.error({ err: error }, "subscription failed"));
  const format = (errors: readonly GraphQLError[]): GraphQLFormattedError[] => errors.map((e) => formatError(e.toJSON(), e));
  const connections = new Set<Connection>();
  const wss = new WebSocketServer({ server: options.http, path: options.path });

  const closeWhenIdle = (connection: Connection) => {
    // Deferred: graphql-ws sends the subscription's `complete` right after its stream finished.
    if (connection.ended && connection.streams.size === 0)
      setTimeout(() => connection.socket.close(UNAUTHORIZED, connection.ended!.message), 0);
  };

  const endConnection = (connection: Connection, problem: GraphQLError) => {
    if (connection.ended) return;
    connection.ended = problem;
    log.info({ requestId: connection.requestId, userId: connection.viewer?.userId, reason: problem.message }, "ending subscriptions");
    if (connection.streams.size === 0) closeWhenIdle(connection);
    for (const stream of connection.streams) stream.end({ data: null, errors: [problem] });
  };

  const server = useServer<Record<string, unknown>, ConnectionExtra>(
    {
      schema: options.schema,
      async onConnect(ctx) {
        const params = ctx.connectionParams;
        const requestId = requestIdFrom(paramString(params, "x-request-id"));
        let viewer: Viewer | null = null;
        try {
          const token = bearerToken(paramString(params, "authorization"));
          if (token) {
            if (!options.verifier) throw new UnauthenticatedError("This service does not accept access tokens");
            viewer = await options.verifier.verify(token);
          }
        } catch (error) {
          const message = error instanceof AppError ? error.message : "Invalid access token";
          log.info({ requestId, reason: message }, "subscription connection refused");
          ctx.extra.socket.close(UNAUTHORIZED, message);
          return false;
        }
        const connection: Connection = {
          socket: ctx.extra.socket,
          request: ctx.extra.request,
          requestId,
          viewer,
          ended: null,
          streams: new Set(),
        };
        ctx.extra.connection = connection;
        connections.add(connection);
        return true;
      },
      onSubscribe(ctx) {
        const connection = ctx.extra.connection;
        if (connection?.ended) return [connection.ended];
        return undefined;
      },
      async context(ctx) {
        const connection = ctx.extra.connection!;
        return options.context({
          requestId: connection.requestId,
          headers: connection.request.headers,
          log: log.child({ requestId: connection.requestId }),
          viewer: connection.viewer,
        });
      },
      onOperation(ctx, _id, _payload, _args, result) {
        const connection = ctx.extra.connection;
        if (!connection || !(Symbol.asyncIterator in result)) return undefined;
        const stream = guardStream(result as AsyncGenerator<ExecutionResult>, () => {
          connection.streams.delete(stream);
        });
        connection.streams.add(stream);
        // The identity may have ended while this subscription was being set up.
        const problem = connection.ended ?? identityProblem(connection, options.verifier, Date.now());
        if (problem) {
          connection.ended = problem;
          stream.end({ data: null, errors: [problem] });
        }
        return stream;
      },
      onComplete(ctx) {
        const connection = ctx.extra.connection;
        if (connection) closeWhenIdle(connection);
      },
      onNext(_ctx, _id, _payload, _args, result) {
        if (!result.errors?.length) return undefined;
        return { ...result, errors: format(result.errors) };
      },
      onError(_ctx, _id, _payload, errors) {
        return format(errors);
      },
      onClose(ctx) {
        const connection = ctx.extra.connection;
        if (connection) connections.delete(connection);
      },
    },
    wss,
    options.keepAliveMs ?? 12_000,
  );

  const timer = setInterval(() => {
    const now = Date.now();
    for (const connection of connections) {
      if (connection.ended) continue;
      const problem = identityProblem(connection, options.verifier, now);
      if (problem) endConnection(connection, problem);
    }
  }, options.identityCheckIntervalMs ?? 1_000).unref();

  let disposing: Promise<void> | undefined;
  return {
    stats() {
      let subscriptions = 0;
      for (const connection of connections) subscriptions += connection.streams.size;
      return { connections: connections.size, subscriptions };
    },
    dispose() {
      disposing ??= (async () => {
        clearInterval(timer);
        await server.dispose();
      })();
      return disposing;
    },
  };
}
