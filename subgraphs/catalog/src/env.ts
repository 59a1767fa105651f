import { envFields, loadEnv, parseEnv, serviceEnvSchema, subgraphEnvFields } from "@amazoff/kit";
import { z } from "zod";

const schema = serviceEnvSchema({
  /** PORT, HOST, NODE_ENV, LOG_LEVEL, CATALOG_DATABASE_URL, CATALOG_DB_POOL_SIZE, USERS_JWKS_URL, INTERNAL_API_SECRET */
  ...subgraphEnvFields("CATALOG", 4001),
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
