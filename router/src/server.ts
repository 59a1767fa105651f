import type { IncomingMessage } from "node:http";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import {
  close,
  createHttpServer,
  readGraphQLRequest,
  writeGraphQLResponse,
  listen,
  REQUEST_ID_HEADER,
  requestIdFrom,
  sendJson,
  type Logger,
} from "@amazoff/kit";
import {
  AuthenticationError,
  createRouterAuthenticator,
  createRouterAuthorization,
  type Authentication,
  type RouterAuthOptions,
} from "./auth/index.ts";
import type { RouterContext } from "./context.ts";
import { createResponseCache, type ResponseCacheOptions } from "./cache/response-cache.ts";
import { createRouterErrorFormatter, errorLoggingPlugin } from "./errors.ts";
import { createGatewayExecution } from "./execution/gateway.ts";
import { createSubgraphServices, type SubgraphTimeouts } from "./execution/subgraph-services.ts";
import { createSubgraphHealth, subgraphsOfSupergraph } from "./health/subgraph-health.ts";
import { refuseSubscriptionsOverHttp } from "./subscriptions/http-refusal.ts";
import { createSubscriptionExecutor } from "./subscriptions/subscription-executor.ts";
import { createSubscriptionServer } from "./subscriptions/subscription-server.ts";
import { attachWebSocketTransport } from "./subscriptions/websocket-transport.ts";
import { ReservedAliasesRule } from "./validation/reserved-aliases.ts";

export {
  protectedCoordinates,
  requirementAllows,
  POLICIES,
  createPolicyEvaluator,
  type ProtectedCoordinate,
  type AuthRequirement,
  type RouterAuthOptions,
} from "./auth/index.ts";

export interface RouterOptions {
  supergraphPath: string;
  port: number;
  host?: string;
  logger: Logger;
  /** Serve Apollo Sandbox at GET /graphql (development). */
  sandbox?: boolean;
  subgraphUrlOverrides?: Record<string, string>;
  /** Take the client address from x-forwarded-for (only behind a proxy that sets it). */
  trustProxy?: boolean;
  /** Short-lived cache of anonymous, cacheable queries (off when absent or ttlMs is 0). */
  responseCache?: ResponseCacheOptions;
  /** Longest wait for a subgraph's answer (default 10 s for every subgraph). */
  subgraphTimeouts?: SubgraphTimeouts;
  /** How often each subgraph's /health is probed for /ready (default 2 s). */
  subgraphHealthIntervalMs?: number;
  /**
   * Where access tokens and API keys are checked. Without a JWKS URL the router serves anonymous
   * requests only (any credential is refused); the supergraph's authorization directives are
   * enforced either way.
   */
  auth?: RouterAuthOptions;
  /** Subscriptions over graphql-ws on the GraphQL path (limits and timings; defaults below). */
  subscriptions?: Partial<SubscriptionOptions>;
}

export interface SubscriptionOptions {
  /** Most subscriptions one connection may hold (more are refused with RATE_LIMITED). */
  maxPerConnection: number;
  /** Most connections one signed-in user may hold (more are closed with 4429). */
  maxConnectionsPerUser: number;
  /** WebSocket ping interval; a connection that misses a pong is dropped (0: no pings). */
  keepAliveMs: number;
  /** A client whose unread backlog passes this many bytes is dropped (4413). */
  maxBufferedBytes: number;
  /** Most events of one subscription waiting for their completion (more end it with RATE_LIMITED). */
  maxPendingEvents: number;
  /** How often connections are checked for expired tokens and revocations. */
  recheckIntervalMs: number;
  /** Longest wait for a subgraph's connection_ack. */
  upstreamAckTimeoutMs: number;
}

export const DEFAULT_SUBSCRIPTION_OPTIONS: SubscriptionOptions = {
  maxPerConnection: 100,
  maxConnectionsPerUser: 20,
  keepAliveMs: 15_000,
  maxBufferedBytes: 1024 * 1024,
  maxPendingEvents: 100,
  recheckIntervalMs: 1_000,
  upstreamAckTimeoutMs: 5_000,
};

/**
 * The caller's address: the socket's, or, behind a trusted proxy (load balancer, ingress), the
 * first entry of the x-forwarded-for it sets. Trusting the header without a proxy would let any
 * client pick the address login throttling counts against.
 */
export function clientAddressOf(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers["x-forwarded-for"];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
    if (first && /^[0-9a-fA-F:.]{2,45}$/.test(first)) return first;
  }
  return (req.socket.remoteAddress ?? "unknown").replace(/^::ffff:/, "");
}

export interface RunningRouter {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * The Amazoff router: Apollo Server over our federation execution path, on a plain node HTTP
 * server with `/graphql`, `/health` and `/ready`. The HTTP port opens first; `/health` turns 200
 * once the supergraph is loaded, and `/graphql` answers 503 until then.
 */
export async function startRouter(options: RouterOptions): Promise<RunningRouter> {
  const log = options.logger;
  let loaded = false;
  const authenticator = createRouterAuthenticator(options.auth ?? {}, log);
  const authorization = createRouterAuthorization(log);
  const health = createSubgraphHealth({ intervalMs: options.subgraphHealthIntervalMs ?? 2_000, logger: log });
  const services = createSubgraphServices({ urlOverrides: options.subgraphUrlOverrides, timeouts: options.subgraphTimeouts });
  const subscriptionOptions = { ...DEFAULT_SUBSCRIPTION_OPTIONS, ...options.subscriptions };
  const subscriptions = createSubscriptionExecutor({
    services,
    authorize: (input) => authorization.authorize(input),
    logger: log,
    upstreamAckTimeoutMs: subscriptionOptions.upstreamAckTimeoutMs,
    maxPendingEvents: subscriptionOptions.maxPendingEvents,
  });
  const gateway = createGatewayExecution({
    supergraphPath: options.supergraphPath,
    logger: log,
    services,
    onSupergraph: (sdl) => {
      authorization.onSupergraph(sdl);
      subscriptions.onSupergraph(sdl);
      health.setSubgraphs(subgraphsOfSupergraph(sdl, options.subgraphUrlOverrides));
    },
  });
  const apollo = new ApolloServer<RouterContext>({
    gateway: refuseSubscriptionsOverHttp(authorization.wrap(gateway)),
    includeStacktraceInErrorResponses: false,
    validationRules: [ReservedAliasesRule],
    // Our process owns SIGINT/SIGTERM (stopOnSignals); Apollo's own handlers would call stop()
    // a second time, and a concurrent second stop() waits forever in Apollo Server 5.
    stopOnTerminationSignals: false,
    formatError: createRouterErrorFormatter(),
    plugins: [
      options.sandbox
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
        : ApolloServerPluginLandingPageDisabled(),
      errorLoggingPlugin(),
    ],
    logger: log,
  });

  const cache = options.responseCache?.ttlMs ? createResponseCache(options.responseCache) : undefined;
  const notLoaded = {
    errors: [{ message: "The router is starting: supergraph not loaded yet", extensions: { code: "SERVICE_UNAVAILABLE" } }],
  };
  const http = createHttpServer(
    {
      "/graphql": async (req, res, url) => {
        if (!loaded) return sendJson(res, 503, notLoaded);
        const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
        res.setHeader(REQUEST_ID_HEADER, requestId);
        const clientAddress = clientAddressOf(req, options.trustProxy ?? false);
        let auth: Authentication;
        try {
          auth = await authenticator.authenticate(req.headers, clientAddress);
        } catch (error) {
          if (!(error instanceof AuthenticationError)) throw error;
          // Refused before Apollo Server parses anything: no subgraph is called.
          log.debug({ requestId, reason: error.message }, "credential refused");
          res.setHeader("www-authenticate", 'Bearer realm="amazoff"');
          return sendJson(res, error.status, { errors: [{ message: error.message, extensions: { code: error.code } }] });
        }
        const requestLog = log.child(auth.viewer ? { requestId, userId: auth.viewer.userId } : { requestId });
        const httpGraphQLRequest = await readGraphQLRequest(req, res, url);
        if (!httpGraphQLRequest) return;
        const cacheKey = cache && !auth.viewer ? cache.keyOf(httpGraphQLRequest) : null;
        if (cacheKey) {
          const hit = cache!.get(cacheKey);
          res.setHeader("cache-control", `public, max-age=${Math.floor(cache!.ttlMs / 1000)}`);
          res.setHeader("x-cache", hit ? "HIT" : "MISS");
          if (hit) {
            res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(hit) });
            return void res.end(hit);
          }
        }
        const context = async () => ({ requestId, log: requestLog, viewer: auth.viewer, accessToken: auth.token, clientAddress });
        const response = await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context });
        const body = await writeGraphQLResponse(res, response);
        if (cacheKey && body !== undefined && (response.status ?? 200) === 200) cache!.set(cacheKey, body);
      },
      "/health": (_req, res) => sendJson(res, loaded ? 200 : 503, { status: loaded ? "ok" : "starting" }),
      // Serving with a subgraph down is "degraded", still 200: the router answers everything that
      // does not need that subgraph, and taking it out of rotation would take that away too.
      "/ready": (_req, res) => {
        if (!loaded) return sendJson(res, 503, { status: "starting" });
        const subgraphs = health.snapshot();
        sendJson(res, 200, { status: Object.values(subgraphs).every((s) => s.up) ? "ready" : "degraded", subgraphs });
      },
    },
    (error) => log.error({ err: error }, "unhandled HTTP error"),
  );
  const subscriptionServer = createSubscriptionServer({
    authenticator,
    executor: subscriptions,
    logger: log,
    maxSubscriptionsPerConnection: subscriptionOptions.maxPerConnection,
    maxConnectionsPerUser: subscriptionOptions.maxConnectionsPerUser,
    recheckIntervalMs: subscriptionOptions.recheckIntervalMs,
  });
  const websockets = attachWebSocketTransport(http, {
    path: "/graphql",
    server: subscriptionServer.server,
    ready: () => loaded,
    clientAddressOf: (req) => clientAddressOf(req, options.trustProxy ?? false),
    keepAliveMs: subscriptionOptions.keepAliveMs,
    maxBufferedBytes: subscriptionOptions.maxBufferedBytes,
    logger: log,
  });
  const port = await listen(http, options.port, options.host);
  const shutdown = async () => {
    health.stop();
    subscriptionServer.stop();
    // WebSockets first: the HTTP server waits for every socket it accepted, upgraded ones included.
    await websockets.close();
    await close(http);
    authenticator.stop();
  };
  try {
    await apollo.start();
  } catch (error) {
    await shutdown();
    await services.close();
    throw error;
  }
  loaded = true;
  const url = `http://localhost:${port}/graphql`;
  log.info({ url, supergraph: options.supergraphPath, authentication: options.auth?.jwksUrl ? "jwks" : "anonymous only" }, "router ready");
  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    stop() {
      stopping ??= (async () => {
        await shutdown();
        await apollo.stop();
        await services.close();
      })();
      return stopping;
    },
  };
}
