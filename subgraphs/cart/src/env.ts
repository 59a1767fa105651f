import { envFields, isCurrencyCode, loadEnv, parseEnv, serviceEnvSchema, subgraphEnvFields } from "@amazoff/kit";
import { z } from "zod";

const schema = serviceEnvSchema({
  /** PORT, HOST, NODE_ENV, LOG_LEVEL, CART_DATABASE_URL, CART_DB_POOL_SIZE, USERS_JWKS_URL, INTERNAL_API_SECRET */
  ...subgraphEnvFields("CART", 4004),
  /** The catalog's internal API (product snapshots: current prices for the totals). */
  CATALOG_INTERNAL_URL: envFields.serviceUrl("http://localhost:4001"),
  /** The inventory's internal API (units available, checked when units are added). */
  INVENTORY_INTERNAL_URL: envFields.serviceUrl("http://localhost:4003"),
  /** How long a call to a peer may take before the cart operation fails cleanly. */
  CART_PEER_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3_000),
  /** A guest cart is forgotten after this many days without a change. */
  CART_GUEST_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** The shop currency: the currency of an empty cart's subtotal. */
  CART_CURRENCY: z.string().refine(isCurrencyCode, "must be an ISO-4217 code such as USD").default("USD"),
  /**
   * The event queue's database (pg-boss). Set: the cart consumes UserDeleted (GDPR erasure).
   * Unset: no consumer runs (a cart on its own, e.g. in tests).
   */
  EVENTS_DATABASE_URL: envFields.postgresUrl.optional(),
});

export type CartEnv = z.infer<typeof schema>;

/** The cart's configuration, read once from the environment (the only reader of process.env). */
export const loadCartEnv = (source: Record<string, string | undefined> = process.env): CartEnv => loadEnv(schema, source);

/** `loadCartEnv` that throws EnvError instead of exiting (for tests). */
export const parseCartEnv = (source: Record<string, string | undefined>): CartEnv => parseEnv(schema, source);
