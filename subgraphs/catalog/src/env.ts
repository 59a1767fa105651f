import { envFields, loadEnv, parseEnv, serviceEnvSchema } from "@amazoff/kit";
import { z } from "zod";

const schema = serviceEnvSchema({
  PORT: envFields.port(4001),
  HOST: z.string().default("0.0.0.0"),
  NODE_ENV: envFields.nodeEnv,
  LOG_LEVEL: envFields.logLevel,
  CATALOG_DATABASE_URL: envFields.postgresUrl,
  CATALOG_DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /** Public keys of the users subgraph, to verify the access tokens the router forwards. */
  USERS_JWKS_URL: envFields.serviceUrl("http://localhost:4002/.well-known/jwks.json"),
  /** Shared secret of the internal service-to-service endpoints (/internal/...). */
  INTERNAL_API_SECRET: envFields.internalSecret(),
  /** Load the demo catalog at start-up (idempotent); `npm start` turns it on. */
  SEED_DEMO_DATA: envFields.boolean(false),
  /** How many demo products the seed creates (the search benchmark uses 10,000). */
  DEMO_PRODUCT_COUNT: z.coerce.number().int().min(0).max(1_000_000).default(600),
});

export type CatalogEnv = z.infer<typeof schema>;

/** The catalog's configuration, read once from the environment (the only reader of process.env). */
export const loadCatalogEnv = (source: Record<string, string | undefined> = process.env): CatalogEnv => loadEnv(schema, source);

/** `loadCatalogEnv` that throws EnvError instead of exiting (for tests). */
export const parseCatalogEnv = (source: Record<string, string | undefined>): CatalogEnv => parseEnv(schema, source);
