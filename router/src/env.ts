import { envFields, inProduction, loadEnv, serviceEnvSchema } from "@amazoff/kit";
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

export const routerEnvSchema = serviceEnvSchema({
  PORT: envFields.port(4000),
  HOST: z.string().default("0.0.0.0"),
  /**
   * Anonymous queries whose root fields are all in RESPONSE_CACHE_FIELDS are answered from memory
   * for this long (0: off). Listings may then show stock a few seconds old.
   */
  RESPONSE_CACHE_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(5_000),
  RESPONSE_CACHE_FIELDS: z
    .string()
    .default("Query.products,Query.product,Query.productBySlug,Query.categories,Query.category,Query.categoryBySlug,Query.stores,Query.store")
    .transform((value) => new Set(value.split(",").map((f) => f.trim()).filter(Boolean))),
  /** Behind a proxy or load balancer that sets x-forwarded-for: take the client address from it. */
  TRUST_PROXY: envFields.boolean(false),
  NODE_ENV: envFields.nodeEnv,
  LOG_LEVEL: envFields.logLevel,
  /** The composed supergraph SDL the router serves (written by `npm run compose`). */
  SUPERGRAPH_PATH: z.string().default("supergraph.graphql"),
  /**
   * Subgraph URLs that replace the supergraph's routing URLs, as `name=url` pairs separated by
   * commas, e.g. `catalog=http://catalog:4001/graphql` in a container network.
   */
  SUBGRAPH_URL_OVERRIDES: z
    .string()
    .default("")
    .transform((value, ctx) => {
      const overrides: Record<string, string> = {};
      for (const pair of value.split(",").map((p) => p.trim()).filter(Boolean)) {
        const [name, url] = pair.split(/=(.*)/s);
        if (!name || !url || !URL.canParse(url)) {
          ctx.addIssue({ code: "custom", message: `"${pair}" is not name=url` });
          continue;
        }
        overrides[name] = url;
      }
      return overrides;
    }),
  /**
   * The users subgraph's public keys; access tokens are verified against them. Empty: anonymous
   * requests only (refused in production, where signing in must work).
   */
  USERS_JWKS_URL: optionalUrl("http://localhost:4002/.well-known/jwks.json", true),
  /** The users subgraph's exchange of partners' API keys for access tokens. Empty: API keys are refused. */
  USERS_API_KEY_EXCHANGE_URL: optionalUrl("http://localhost:4002/internal/api-keys/exchange"),
  /** Longest an exchanged API key is reused (a revoked key keeps working at most this long). */
  API_KEY_CACHE_TTL_MS: z.coerce.number().int().positive().default(60_000),
  /** How long a refused API key is refused without asking the users subgraph again. */
  API_KEY_NEGATIVE_CACHE_TTL_MS: z.coerce.number().int().nonnegative().default(5_000),
  /** Fewest milliseconds between JWKS downloads triggered by tokens with unknown key ids. */
  JWKS_MIN_REFRESH_INTERVAL_MS: z.coerce.number().int().nonnegative().default(10_000),
});

export type RouterEnv = z.infer<typeof routerEnvSchema>;

export const loadRouterEnv = (source: Record<string, string | undefined> = process.env): RouterEnv => loadEnv(routerEnvSchema, source);
