import type { IncomingMessage } from "node:http";
import { randomUUID } from "node:crypto";
import { ErrorCode, INTERNAL_MESSAGE, REQUEST_ID_HEADER, requestIdFrom, UnauthenticatedError, type Logger } from "@amazoff/kit";
import { Kind, type GraphQLFormattedError } from "graphql";
import { makeServer, type Context, type Server } from "graphql-ws";
import { AuthenticationError, type Authentication, type Authenticator } from "../auth/index.ts";
import { GraphQLError } from "../auth/graphql-error.ts";
import type { RouterContext } from "../context.ts";
import { CloseCode } from "./close-codes.ts";
import { closeReason, connectionExpiry, credentialHeaders } from "./connection-auth.ts";
import { createConnectionLimiter } from "./connection-limits.ts";
import type { PreparedSubscription, SubscriptionExecutor } from "./subscription-executor.ts";
import { SubscriptionEnded, type StreamResult, type SubscriptionStream } from "./subscription-stream.ts";
import type { UpstreamEvent } from "./upstream.ts";

/** What the transport hands graphql-ws with each connection. */
export interface ConnectionExtra {
  request: IncomingMessage;
  /** The caller's address (x-forwarded-for behind a trusted proxy). */
  clientAddress: string;
  /** Closes the socket (ignored once closing). */
  close(code: number, reason: string): void;
  /** Whether the socket has closed (set by the transport before graphql-ws hears of it). */
  closed: boolean;
  /** Set once connection_init is accepted. */
  connection?: Connection;
}

interface Connection {
  readonly id: string;
  /** The client's `x-request-id` (connectionParams or upgrade header), or a new one; each subscription's extends it. */
  readonly requestId: string;
  readonly auth: Authentication;
  /** When the token stops being valid (epoch ms; Infinity for anonymous connections). */
  readonly expiresAt: number;
  readonly log: Logger;
  readonly extra: ConnectionExtra;
  /** Subscription ids accepted and not yet over (counted against the per-connection limit). */
  readonly accepted: Set<string>;
  readonly streams: Map<string, SubscriptionStream<UpstreamEvent>>;
  /** Its identity is no longer valid: its subscriptions are ending and it is about to close. */
  ending: boolean;
}

export interface SubscriptionServerOptions {
  authenticator: Authenticator;
  executor: SubscriptionExecutor;
  logger: Logger;
  /** Most subscriptions one connection may hold at once. */
  maxSubscriptionsPerConnection: number;
  /** Most connections one signed-in user may hold at once. */
  maxConnectionsPerUser: number;
  /** How often live connections are checked for an expired token or a revocation. */
  recheckIntervalMs?: number;
  /** Longest wait for connection_init after the socket opens. */
  connectionInitTimeoutMs?: number;
}

export interface SubscriptionServer {
  /** The graphql-ws protocol server the transport feeds. */
  readonly server: Server<ConnectionExtra>;
  /** Authenticated connections open now. */
  readonly connections: number;
  stop(): void;
}

/** A connection authenticated with an API key gets a token valid at least this long. */
const API_KEY_MIN_VALIDITY_MS = 30_000;

/** Formatted errors as graphql-ws carries them out of onSubscribe: one GraphQLError that holds them all (see onError). */
const refusal = (errors: readonly GraphQLFormattedError[]) => [
  new GraphQLError(errors[0]?.message ?? "Refused", { originalError: new SubscriptionEnded(errors) }),
];

/**
 * The router's graphql-ws protocol server (`graphql-transport-ws`): who the connection is, what
 * it may subscribe to, and when it must end.
 * - connection_init authenticates `connectionParams` like an HTTP request's headers; a refused
 *   credential closes the connection with 4401 and the reason, a user past
 *   `maxConnectionsPerUser` gets 4429. The connection keeps that identity: a client
 *   re-authenticates by reconnecting.
 * - Every `recheckIntervalMs` each signed-in connection is checked: once its token has expired,
 *   or its session, account or API key has been revoked, each of its subscriptions ends with an
 *   UNAUTHENTICATED error (the protocol's `error` message), then the connection closes with 4401.
 * - A subscription past `maxSubscriptionsPerConnection` is refused with RATE_LIMITED; queries and
 *   mutations are refused (they are served over HTTP). Everything else is the executor's.
 */
export function createSubscriptionServer(options: SubscriptionServerOptions): SubscriptionServer {
  const log = options.logger.child({ source: "websocket" });
  const limiter = createConnectionLimiter(options.maxConnectionsPerUser);
  const connections = new Set<Connection>();

  const unauthenticated = (message: string): GraphQLFormattedError[] => [{ message, extensions: { code: ErrorCode.UNAUTHENTICATED } }];

  /** Ends every subscription of a connection whose identity is no longer valid, then closes it. */
  async function endConnection(connection: Connection, message: string): Promise<void> {
    if (connection.ending) return;
    connection.ending = true;
    connection.log.info(
      { reason: message, subscriptions: connection.streams.size },
      "ending a connection whose credential is no longer valid",
    );
    const streams = [...connection.streams.values()];
    for (const stream of streams) stream.end(unauthenticated(message), { immediately: true });
    // Each stream's end is sent (as an `error` message) once graphql-ws has read it; the close
    // frame must follow those messages, not overtake them. A stream nobody reads any more (the
    // client went away meanwhile) must not hold the close back.
    const drained = Promise.all(streams.map((stream) => stream.ended));
    await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
    await new Promise((resolve) => setImmediate(resolve));
    connection.extra.close(CloseCode.UNAUTHORIZED, closeReason(message));
  }

  const recheck = setInterval(() => {
    const at = Date.now();
    for (const connection of connections) {
      if (connection.ending || !connection.auth.viewer) continue;
      if (at >= connection.expiresAt) {
        void endConnection(connection, "Access token expired; reconnect with a fresh token");
        continue;
      }
      try {
        options.authenticator.recheck(connection.auth.viewer);
      } catch (error) {
        if (!(error instanceof UnauthenticatedError)) connection.log.error({ err: error }, "revocation check failed");
        void endConnection(
          connection,
          error instanceof UnauthenticatedError ? error.message : "Sign-in status cannot be checked; reconnect",
        );
      }
    }
  }, options.recheckIntervalMs ?? 1_000).unref();

  const connectionOf = (ctx: Context<Record<string, unknown> | undefined, ConnectionExtra>) => ctx.extra.connection;

  const server = makeServer<Record<string, unknown> | undefined, ConnectionExtra>({
    connectionInitWaitTimeout: options.connectionInitTimeoutMs ?? 3_000,

    async onConnect(ctx) {
      const { extra } = ctx;
      const requestId = requestIdFrom(
        (ctx.connectionParams?.[REQUEST_ID_HEADER] as string | undefined) ?? extra.request.headers[REQUEST_ID_HEADER],
      );
      let auth: Authentication;
      try {
        // An API key's minted token lives a minute, and the connection ends with it: not with a
        // cached one about to expire.
        auth = await options.authenticator.authenticate(credentialHeaders(ctx.connectionParams), extra.clientAddress, {
          minValidityMs: API_KEY_MIN_VALIDITY_MS,
        });
      } catch (error) {
        if (!(error instanceof AuthenticationError)) {
          log.error({ err: error, requestId }, "connection could not be authenticated");
          extra.close(4500, INTERNAL_MESSAGE);
          return false;
        }
        log.debug({ requestId, reason: error.message }, "connection credential refused");
        extra.close(CloseCode.UNAUTHORIZED, closeReason(error.message));
        return false;
      }
      // The client may have gone while its credential was checked (an API key exchange takes a
      // round trip): graphql-ws has then already called onClose, so nothing would release what a
      // connection registered now holds.
      if (extra.closed) return false;
      const userId = auth.viewer?.userId;
      if (userId !== undefined && !limiter.acquire(userId)) {
        log.warn({ requestId, userId, max: options.maxConnectionsPerUser }, "connection refused: too many connections for this user");
        extra.close(CloseCode.TOO_MANY_CONNECTIONS, "Too many connections for this user");
        return false;
      }
      const id = randomUUID();
      const connection: Connection = {
        id,
        requestId,
        auth,
        expiresAt: connectionExpiry(auth),
        log: log.child({ connectionId: id, requestId, ...(userId ? { userId } : {}) }),
        extra,
        accepted: new Set(),
        streams: new Map(),
        ending: false,
      };
      extra.connection = connection;
      connections.add(connection);
      connection.log.debug("connection accepted");
      return true;
    },

    onSubscribe(ctx, id, payload) {
      const connection = connectionOf(ctx)!;
      if (connection.ending) return refusal(unauthenticated("This connection's credential is no longer valid; reconnect"));
      if (connection.accepted.size >= options.maxSubscriptionsPerConnection) {
        return refusal([
          {
            message: `At most ${options.maxSubscriptionsPerConnection} subscriptions per connection`,
            extensions: { code: ErrorCode.RATE_LIMITED, maxSubscriptionsPerConnection: options.maxSubscriptionsPerConnection },
          },
        ]);
      }
      const prepared = options.executor.prepare(payload, connection.auth.viewer, connection.log);
      if ("errors" in prepared) return refusal(prepared.errors);
      connection.accepted.add(id);
      // graphql-ws reads the operation from `document` and hands `contextValue` to `subscribe`.
      const document = prepared.completion.operationContext.operation;
      return {
        schema: prepared.completion.plans.apiSchema,
        document: { kind: Kind.DOCUMENT, definitions: [document] },
        operationName: prepared.operationName,
        variableValues: payload.variables ?? {},
        contextValue: { prepared, connection, id },
      };
    },

    subscribe(args) {
      const { prepared, connection, id } = args.contextValue as { prepared: PreparedSubscription; connection: Connection; id: string };
      // `<connection's request id>:<subscription id>`, so that a client's own request id finds
      // every subscription of its connection in the logs of the router and the subgraphs.
      const candidate = `${connection.requestId}:${id}`;
      const requestId = requestIdFrom(candidate) === candidate ? candidate : `${connection.requestId}:${connection.accepted.size}`;
      const context: RouterContext = {
        requestId,
        log: connection.log.child({ subscriptionId: id, requestId }),
        viewer: connection.auth.viewer,
        accessToken: connection.auth.token,
        clientAddress: connection.extra.clientAddress,
      };
      const stream = options.executor.start(prepared, context);
      connection.streams.set(id, stream);
      void stream.ended.then(() => connection.streams.delete(id));
      if (connection.ending)
        stream.end(unauthenticated("This connection's credential is no longer valid; reconnect"), { immediately: true });
      return stream as AsyncGenerator<StreamResult> as never;
    },

    // Results and errors are formatted (and masked) by the executor, with the request's logger.
    onNext: (_ctx, _id, _payload, _args, result) => result as StreamResult,
    onError(ctx, _id, _payload, errors) {
      return errors.flatMap((error) => {
        if (error.originalError instanceof SubscriptionEnded) return [...error.originalError.errors];
        (connectionOf(ctx)?.log ?? log).error({ err: error.originalError ?? error }, "subscription failed");
        return [{ message: INTERNAL_MESSAGE, extensions: { code: ErrorCode.INTERNAL } }];
      });
    },
    onComplete(ctx, id) {
      connectionOf(ctx)?.accepted.delete(id);
    },
    onClose(ctx, code, reason) {
      const connection = connectionOf(ctx);
      if (!connection || !connections.delete(connection)) return;
      if (connection.auth.viewer) limiter.release(connection.auth.viewer.userId);
      connection.log.debug({ code, reason }, "connection closed");
    },
  });

  return {
    server,
    get connections() {
      return connections.size;
    },
    stop: () => clearInterval(recheck),
  };
}
