import type { IncomingHttpHeaders } from "node:http";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import { buildSubgraphSchema } from "@apollo/subgraph";
import type { DocumentNode } from "graphql";
import { bearerToken, type TokenVerifier } from "./auth/verifier.ts";
import type { Viewer } from "./auth/claims.ts";
import { BadUserInputError, createErrorFormatter, UnauthenticatedError } from "./errors.ts";
import { close, createHttpServer, handleGraphQL, listen, sendJson, type RouteHandler } from "./http.ts";
import type { Logger } from "./logger.ts";
import { REQUEST_ID_HEADER, requestIdFrom } from "./request-id.ts";
import { serveSubscriptions, type SubscriptionServer } from "./subscriptions/ws-server.ts";
import { unstorableTextGuard } from "./text/unstorable-text.plugin.ts";

type ResolverMap = NonNullable<Extract<Parameters<typeof buildSubgraphSchema>[0], { resolvers?: unknown }>["resolvers"]>;

/** What every subgraph's context starts from. */
export interface RequestBase {
  requestId: string;
  log: Logger;
  headers: IncomingHttpHeaders;
  /**
   * The caller, from the `Authorization: Bearer` token the router forwards (verified again here:
   * a subgraph trusts no header it cannot check). Null for anonymous requests.
   */
  viewer: Viewer | null;
}

export interface SubgraphServerOptions<C extends RequestBase> {
  name: string;
  typeDefs: DocumentNode;
  /** The resolver map, typed precisely in each subgraph by graphql-codegen. */
  resolvers: object;
  port: number;
  host?: string;
  logger: Logger;
  /** Builds the per-request context; DataLoaders are created here, never at module scope. */
  context: (base: RequestBase) => C | Promise<C>;
  /** `/ready`: resolves when the dependencies (the database) are reachable, rejects otherwise. */
  ready?: () => Promise<unknown>;
  /** Runs after the HTTP server has stopped (close pools here). */
  onStop?: () => Promise<void>;
  plugins?: ApolloServerPlugin<C>[];
  /** Verifies forwarded access tokens; without one, any Authorization header is refused. */
  verifier?: TokenVerifier;
  /** Extra HTTP routes (exact paths), e.g. the users subgraph's JWKS. */
  routes?: Record<string, RouteHandler>;
  /**
   * Serve the schema's subscriptions over graphql-ws on `/graphql` too (see
   * subscriptions/ws-server.ts): the connection's token is verified with `verifier`, and its
   * subscriptions end when the token expires or is revoked.
   */
  subscriptions?: boolean | { identityCheckIntervalMs?: number; keepAliveMs?: number };
}

export interface RunningServer {
  url: string;
  port: number;
  /** Open WebSocket connections and live subscriptions (subgraphs that serve subscriptions). */
  subscriptionStats?: () => { connections: number; subscriptions: number };
  stop(): Promise<void>;
}

/** The verified viewer of a request; an invalid token is a 401 UNAUTHENTICATED, never ignored. */
export async function viewerOf(headers: IncomingHttpHeaders, verifier: TokenVerifier | undefined): Promise<Viewer | null> {
  try {
    const token = bearerToken(headers.authorization);
    if (!token) return null;
    if (!verifier) throw new UnauthenticatedError("This service does not accept access tokens");
    return await verifier.verify(token);
  } catch (error) {
    if (error instanceof UnauthenticatedError) error.extensions.http = { status: 401 };
    throw error;
  }
}

/** Logs every operation that ended with an error the client will see as INTERNAL. */
function errorLoggingPlugin<C extends RequestBase>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue, errors, operationName }) {
          for (const error of errors) {
            const code = error.extensions?.code;
            if (code === undefined || code === "INTERNAL_SERVER_ERROR" || code === "INTERNAL") {
              contextValue.log.error({ err: error.originalError ?? error, operationName, path: error.path }, "operation failed");
            }
          }
        },
      };
    },
  };
}

/**
 * Subscriptions are served over WebSocket only: over HTTP graphql-js would run the subscription's
 * `resolve` once without an event, which fails as INTERNAL. Refused as the client's mistake.
 */
function subscriptionOverHttpGuard<C extends RequestBase>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== "subscription") return;
          const error = new BadUserInputError("Subscriptions are served over WebSocket (graphql-transport-ws) on this path, not over HTTP");
          error.extensions.http = { status: 400 };
          throw error;
        },
      };
    },
  };
}

/**
 * Starts a federation subgraph: `buildSubgraphSchema` under Apollo Server on a plain node HTTP
 * server, with `/graphql`, `/health` (the process is alive) and `/ready` (its dependencies are).
 */
export async function startSubgraphServer<C extends RequestBase>(options: SubgraphServerOptions<C>): Promise<RunningServer> {
  const log = options.logger;
  const schema = buildSubgraphSchema({ typeDefs: options.typeDefs, resolvers: options.resolvers as ResolverMap });
  let subscriptions: SubscriptionServer | undefined;
  const apollo = new ApolloServer<C>({
    schema,
    includeStacktraceInErrorResponses: false,
    // Our process owns SIGINT/SIGTERM (stopOnSignals); Apollo's own handlers would call stop()
    // a second time, and a concurrent second stop() waits forever in Apollo Server 5.
    stopOnTerminationSignals: false,
    formatError: createErrorFormatter(() => {}),
    // No inline traces (they serve Apollo Studio usage reporting, which we do not use) and no
    // per-field cache-control hints: both wrap every field resolver, which measured at ~2 ms per
    // 20-product page. Response caching is the router's job.
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      errorLoggingPlugin<C>(),
      subscriptionOverHttpGuard<C>(),
      unstorableTextGuard<C>(),
      ...(options.plugins ?? []),
    ],
    logger: log,
  });
  await apollo.start();

  const http = createHttpServer(
    {
      "/graphql": (req, res, url) => {
        const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
        res.setHeader(REQUEST_ID_HEADER, requestId);
        return handleGraphQL(apollo, req, res, url, async () => {
          const viewer = await viewerOf(req.headers, options.verifier);
          return options.context({ requestId, headers: req.headers, log: log.child({ requestId }), viewer });
        });
      },
      "/health": (_req, res) =>
        sendJson(res, 200, { status: "ok", service: options.name, ...(subscriptions ? { subscriptions: subscriptions.stats() } : {}) }),
      ...options.routes,
      "/ready": async (_req, res) => {
        const ready = options.ready
          ? await options.ready().then(
              () => true,
              () => false,
            )
          : true;
        sendJson(res, ready ? 200 : 503, { status: ready ? "ready" : "unavailable", service: options.name });
      },
    },
    (error) => log.error({ err: error }, "unhandled HTTP error"),
  );
  if (options.subscriptions) {
    const settings = options.subscriptions === true ? {} : options.subscriptions;
    subscriptions = serveSubscriptions({
      http,
      path: "/graphql",
      schema,
      verifier: options.verifier,
      context: options.context,
      log,
      ...settings,
    });
  }
  const port = await listen(http, options.port, options.host);
  const url = `http://localhost:${port}/graphql`;
  log.info({ url }, `${options.name} subgraph ready`);

  let stopping: Promise<void> | undefined;
  const live = subscriptions;
  return {
    url,
    port,
    ...(live ? { subscriptionStats: () => live.stats() } : {}),
    stop() {
      stopping ??= (async () => {
        // WebSocket connections first: an upgraded socket would hold the HTTP server open.
        await live?.dispose();
        await close(http);
        options.verifier?.stop?.();
        await apollo.stop();
        await options.onStop?.();
      })();
      return stopping;
    },
  };
}

/**
 * Stops the server on SIGINT/SIGTERM, then exits. A second Ctrl-C (SIGINT) exits at once; other
 * repeats are ignored (Ctrl-C under a supervisor delivers SIGINT from the terminal and SIGTERM
 * from the supervisor). A process started with an IPC channel also stops when that channel
 * closes, so a supervisor killed outright never leaves orphans behind.
 */
export function stopOnSignals(server: { stop(): Promise<void> }, log: Logger): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals | "disconnect") => {
    if (stopping) {
      if (signal === "SIGINT") process.exit(1);
      return;
    }
    stopping = true;
    log.info({ signal }, "stopping");
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, "error while stopping");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  if (process.send) process.once("disconnect", () => onSignal("disconnect"));
}
