import { envFields, loadEnv, parseEnv, serviceEnvSchema, subgraphEnvFields } from "@amazoff/kit";
import { z } from "zod";

const schema = serviceEnvSchema({
  /** PORT, HOST, NODE_ENV, LOG_LEVEL, ORDERS_DATABASE_URL, ORDERS_DB_POOL_SIZE, USERS_JWKS_URL, INTERNAL_API_SECRET */
  ...subgraphEnvFields("ORDERS", 4005),
  /** Base URLs of the peers' internal endpoints. */
  CATALOG_INTERNAL_URL: envFields.serviceUrl("http://localhost:4001"),
  USERS_INTERNAL_URL: envFields.serviceUrl("http://localhost:4002"),
  INVENTORY_INTERNAL_URL: envFields.serviceUrl("http://localhost:4003"),
  CART_INTERNAL_URL: envFields.serviceUrl("http://localhost:4004"),
  PAYMENTS_INTERNAL_URL: envFields.serviceUrl("http://localhost:4006"),
  /** The event queue (pg-boss); without it events wait in the outbox. */
  EVENTS_DATABASE_URL: envFields.postgresUrl.optional(),
  /** How long checkout holds the stock it reserved. */
  RESERVATION_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(900),
  /**
   * How long a saga step may run before recovery may take the saga over (and how long a cancel
   * has to settle its refund and restock before recovery does).
   */
  SAGA_LEASE_MS: z.coerce.number().int().min(500).max(600_000).default(30_000),
  /** How often the recovery loop looks for abandoned checkouts and unsettled cancels. */
  SAGA_RECOVERY_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  /** Timeout of each call to a peer during checkout. */
  PEER_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  /**
   * Test hook: kill the process right after this checkout step (crash tests). Refused in
   * production.
   */
  ORDERS_FAULT: z.enum(["after-reserve", "after-authorize", "after-order"]).optional(),
}).superRefine((env, ctx) => {
  if (env.ORDERS_FAULT && env.NODE_ENV === "production") {
    ctx.addIssue({ code: "custom", path: ["ORDERS_FAULT"], message: "is a test hook, not allowed in production" });
  }
});

export type OrdersEnv = z.infer<typeof schema>;

/** The orders subgraph's configuration, read once from the environment. */
export const loadOrdersEnv = (source: Record<string, string | undefined> = process.env): OrdersEnv => loadEnv(schema, source);

/** `loadOrdersEnv` that throws EnvError instead of exiting (for tests). */
export const parseOrdersEnv = (source: Record<string, string | undefined>): OrdersEnv => parseEnv(schema, source);
