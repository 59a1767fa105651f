import { envFields, inProduction, loadEnv, parseEnv, serviceEnvSchema, subgraphEnvFields } from "@amazoff/kit";
import { z } from "zod";

const schema = serviceEnvSchema({
  /** PORT, HOST, NODE_ENV, LOG_LEVEL, INVENTORY_DATABASE_URL, INVENTORY_DB_POOL_SIZE, USERS_JWKS_URL, INTERNAL_API_SECRET */
  ...subgraphEnvFields("INVENTORY", 4003),
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
