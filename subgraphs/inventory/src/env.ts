import { envFields, inProduction, loadEnv, parseEnv, serviceEnvSchema } from "@amazoff/kit";
import { z } from "zod";

const schema = serviceEnvSchema({
  PORT: envFields.port(4003),
  HOST: z.string().default("0.0.0.0"),
  NODE_ENV: envFields.nodeEnv,
  LOG_LEVEL: envFields.logLevel,
  INVENTORY_DATABASE_URL: envFields.postgresUrl,
  INVENTORY_DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /** Public keys of the users subgraph, to verify the access tokens the router forwards. */
  USERS_JWKS_URL: envFields.serviceUrl("http://localhost:4002/.well-known/jwks.json"),
  /** Shared secret of the `/internal/...` endpoints (the checkout saga presents it). */
  INTERNAL_API_SECRET: envFields.internalSecret(),
  /**
   * The event queue's database (pg-boss). Without it, StockLow events wait in the outbox until a
   * process that has one relays them; required in production.
   */
  EVENTS_DATABASE_URL: inProduction(envFields.postgresUrl.optional(), { required: true }),
  /** How often expired reservations are released (the sweeper's period). */
  INVENTORY_SWEEP_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(5_000),
  /** Load the demo stores and the stock of the first 600 demo products (idempotent); `npm start` turns it on. */
  SEED_DEMO_DATA: envFields.boolean(false),
});

export type InventoryEnv = z.infer<typeof schema>;

/** The inventory's configuration, read once from the environment (the only reader of process.env). */
export const loadInventoryEnv = (source: Record<string, string | undefined> = process.env): InventoryEnv => loadEnv(schema, source);

/** `loadInventoryEnv` that throws EnvError instead of exiting (for tests). */
export const parseInventoryEnv = (source: Record<string, string | undefined>): InventoryEnv => parseEnv(schema, source);
