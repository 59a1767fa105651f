import { envFields, inProduction, loadEnv, serviceEnvFields, serviceEnvSchema } from "@amazoff/kit";
import { z } from "zod";

/**
 * A URL, or empty to turn the feature off. Its default is a development address: production must
 * set it (or, unless `required`, turn the feature off with an empty value).
 */
const optionalUrl = (fallback: string, required = false) =>
  inProduction(
    z
      .string()
      .default(fallback)
      .refine((value) => value === "" || URL.canParse(value), "must be a URL (or empty to turn it off)")
      .transform((value) => value || undefined),
    { developmentDefault: fallback, ...(required ? { required: true } : {}) },
  );

/**
 * `name=value` pairs separated by commas, keyed by subgraph name; `parseValue` returns undefined
 * for a value it refuses, and every refused pair is reported.
 */
const subgraphPairs = <T>(parseValue: (value: string) => T | undefined, expected: string) =>
  z
    .string()
    .default("")
    .transform((value, ctx) => {
      const pairs: Record<string, T> = {};
      for (const pair of value
        .split(",")
        .map((p) => p.trim())
        .filter(Boolean)) {
        const [name, raw] = pair.split(/=(.*)/s);
        const parsed = name && raw ? parseValue(raw) : undefined;
        if (parsed === undefined) {
          ctx.addIssue({ code: "custom", message: `"${pair}" is not ${expected}` });
          continue;
        }
        pairs[name!] = parsed;
      }
      return pairs;
    });

const MAX_TIMEOUT_MS = 600_000;
const timeoutMs = (value: string) => {
  const ms = Number(value);
  return Number.isInteger(ms) && ms >= 1 && ms <= MAX_TIMEOUT_MS ? ms : undefined;
};

export const routerEnvSchema = serviceEnvSchema({
  /** PORT, HOST, NODE_ENV, LOG_LEVEL */
  ...serviceEnvFields(4000),
  /**
   * Anonymous queries whose root fields are all in RESPONSE_CACHE_FIELDS are answered from memory
   * for this long (0: off). Listings may then show stock a few seconds old.
   */
  RESPONSE_CACHE_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(5_000),
  RESPONSE_CACHE_FIELDS: z
    .string()
    .default(
      "Query.products,Query.product,Query.productBySlug,Query.categories,Query.category,Query.categoryBySlug,Query.stores,Query.store",
    )
    .transform(
      (value) =>
        new Set(
          value
            .split(",")
            .map((f) => f.trim())
            .filter(Boolean),
        ),
    ),
  /** Behind a proxy or load balancer that sets x-forwarded-for: take the client address from it. */
  TRUST_PROXY: envFields.boolean(false),
  /** The composed supergraph SDL the router serves (written by `npm run compose`). */
  SUPERGRAPH_PATH: z.string().default("supergraph.graphql"),
  /**
   * Subgraph URLs that replace the supergraph's routing URLs, as `name=url` pairs separated by
   * commas, e.g. `catalog=http://catalog:4001/graphql` in a container network.
   */
  SUBGRAPH_URL_OVERRIDES: subgraphPairs((url) => (URL.canParse(url) ? url : undefined), "name=url"),
  /**
   * Longest wait for a subgraph's whole answer; past it, the fields it was to resolve are null with
   * a SUBGRAPH_UNAVAILABLE error (reason "timeout"), and the rest of the response is served.
   */
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(1).max(MAX_TIMEOUT_MS).default(10_000),
  /** Per-subgraph timeouts that replace SUBGRAPH_TIMEOUT_MS, as `name=ms` pairs, e.g. `orders=30000`. */
  SUBGRAPH_TIMEOUTS: subgraphPairs(timeoutMs, `name=milliseconds (1 to ${MAX_TIMEOUT_MS})`),
  /** How often each subgraph's /health is probed in the background, for the router's /ready. */
  SUBGRAPH_HEALTH_INTERVAL_MS: z.coerce.number().int().min(100).max(300_000).default(2_000),
  /**
   * The users subgraph's public keys; access tokens are verified against them. Empty: anonymous
   * requests only (refused in production, where signing in must work).
   */
  USERS_JWKS_URL: optionalUrl("http://localhost:4002/.well-known/jwks.json", true),
  /** The users subgraph's exchange of partners' API keys for access tokens. Empty: API keys are refused. */
  USERS_API_KEY_EXCHANGE_URL: optionalUrl("http://localhost:4002/internal/api-keys/exchange"),
  /**
   * Shared secret of the internal endpoints: the router presents it to the users subgraph's API-key
   * exchange and revocation feed (beside the JWKS). Without it, API keys are refused and revoked
   * sessions keep working until their tokens expire (a warning says so at start).
   */
  INTERNAL_API_SECRET: inProduction(z.string().min(16, "must be at least 16 characters").optional(), { secret: true, required: true }),
  /**
   * Longest an exchanged API key is reused without asking the users subgraph. A revoked key stops
   * working sooner: its revocation reaches the router through the feed within a second or two.
   */
  API_KEY_CACHE_TTL_MS: z.coerce.number().int().positive().default(60_000),
  /** How long a refused API key is refused without asking the users subgraph again. */
  API_KEY_NEGATIVE_CACHE_TTL_MS: z.coerce.number().int().nonnegative().default(5_000),
  /** Fewest milliseconds between JWKS downloads triggered by tokens with unknown key ids. */
  JWKS_MIN_REFRESH_INTERVAL_MS: z.coerce.number().int().nonnegative().default(10_000),
  /** Most subscriptions one WebSocket connection may hold; more are refused with RATE_LIMITED. */
  SUBSCRIPTIONS_PER_CONNECTION: z.coerce.number().int().min(1).default(100),
  /** Most WebSocket connections one signed-in user may hold; more are closed with 4429. */
  SUBSCRIPTION_CONNECTIONS_PER_USER: z.coerce.number().int().min(1).default(20),
  /** WebSocket ping interval; a connection that misses a pong is dropped (0: no pings). */
  SUBSCRIPTION_KEEPALIVE_MS: z.coerce.number().int().nonnegative().default(15_000),
  /** A client whose unread backlog passes this many bytes is dropped (close 4413): its memory stays bounded. */
  SUBSCRIPTION_MAX_BUFFERED_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  /** Most events of one subscription waiting for their completion by other subgraphs; more end it (RATE_LIMITED). */
  SUBSCRIPTION_MAX_PENDING_EVENTS: z.coerce.number().int().min(1).default(100),
  /** Longest wait for a subscription subgraph's connection_ack. */
  SUBSCRIPTION_UPSTREAM_ACK_TIMEOUT_MS: z.coerce.number().int().min(1).max(MAX_TIMEOUT_MS).default(5_000),
});

export type RouterEnv = z.infer<typeof routerEnvSchema>;

export const loadRouterEnv = (source: Record<string, string | undefined> = process.env): RouterEnv => loadEnv(routerEnvSchema, source);
