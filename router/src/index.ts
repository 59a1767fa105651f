import { createLogger, stopOnSignals } from "@amazoff/kit";
import { loadRouterEnv } from "./env.ts";
import { startRouter } from "./server.ts";

const env = loadRouterEnv();
const logger = createLogger({ service: "router", level: env.LOG_LEVEL });
try {
  const router = await startRouter({
    supergraphPath: env.SUPERGRAPH_PATH,
    port: env.PORT,
    host: env.HOST,
    logger,
    sandbox: env.NODE_ENV !== "production",
    subgraphUrlOverrides: env.SUBGRAPH_URL_OVERRIDES,
    subgraphTimeouts: { defaultMs: env.SUBGRAPH_TIMEOUT_MS, bySubgraph: env.SUBGRAPH_TIMEOUTS },
    subgraphHealthIntervalMs: env.SUBGRAPH_HEALTH_INTERVAL_MS,
    trustProxy: env.TRUST_PROXY,
    responseCache: { ttlMs: env.RESPONSE_CACHE_TTL_MS, cacheableRootFields: env.RESPONSE_CACHE_FIELDS },
    auth: {
      jwksUrl: env.USERS_JWKS_URL,
      apiKeyExchangeUrl: env.USERS_API_KEY_EXCHANGE_URL,
      internalSecret: env.INTERNAL_API_SECRET,
      apiKeyCacheTtlMs: env.API_KEY_CACHE_TTL_MS,
      apiKeyNegativeCacheTtlMs: env.API_KEY_NEGATIVE_CACHE_TTL_MS,
      jwksMinRefreshIntervalMs: env.JWKS_MIN_REFRESH_INTERVAL_MS,
    },
    subscriptions: {
      maxPerConnection: env.SUBSCRIPTIONS_PER_CONNECTION,
      maxConnectionsPerUser: env.SUBSCRIPTION_CONNECTIONS_PER_USER,
      keepAliveMs: env.SUBSCRIPTION_KEEPALIVE_MS,
      maxBufferedBytes: env.SUBSCRIPTION_MAX_BUFFERED_BYTES,
      maxPendingEvents: env.SUBSCRIPTION_MAX_PENDING_EVENTS,
      upstreamAckTimeoutMs: env.SUBSCRIPTION_UPSTREAM_ACK_TIMEOUT_MS,
    },
  });
  stopOnSignals(router, logger);
} catch (error) {
  logger.fatal({ err: error }, "router failed to start");
  process.exit(1);
}
