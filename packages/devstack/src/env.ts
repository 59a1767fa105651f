import path from "node:path";
import { envFields, loadEnv } from "@amazoff/kit";
import { z } from "zod";

const schema = z.object({
  /** Git-ignored folder for everything `npm start` keeps between runs (the cluster's files). */
  AMAZOFF_DATA_DIR: z.string().default(".data"),
  /** Port of the embedded PostgreSQL cluster (not 5432, to stay clear of a system PostgreSQL). */
  AMAZOFF_PG_PORT: envFields.port(54329),
  ROUTER_PORT: envFields.port(4000),
  /**
   * Added to every service port (router and subgraphs), to run a second platform beside the
   * first (the devstack's own test does this).
   */
  AMAZOFF_PORT_OFFSET: z.coerce.number().int().min(0).max(50_000).default(0),
  LOG_LEVEL: envFields.logLevel,
  /** Load demo data into every subgraph at start (idempotent). */
  SEED_DEMO_DATA: envFields.boolean(true),
  /** The event queue's database (pg-boss); default: an `events` database on the embedded cluster. */
  EVENTS_DATABASE_URL: envFields.postgresUrl.optional(),
  /** Signing keys of the users subgraph (PEM paths, newest first); default: generated in <data>/keys. */
  USERS_SIGNING_KEYS: z.string().optional(),
  /** Shared secret of the internal service-to-service endpoints; default: generated in <data>/keys. */
  INTERNAL_API_SECRET: z.string().min(16).optional(),
});

export type DevstackEnv = z.infer<typeof schema> & { root: string; dataDir: string };

/**
 * The supervisor's configuration. Per-subgraph overrides (`CATALOG_DATABASE_URL` and the like)
 * are read by `externalDatabaseUrl` below; everything else a child needs is passed to it explicitly.
 */
export function loadDevstackEnv(root: string, source: Record<string, string | undefined> = process.env): DevstackEnv {
  const env = loadEnv(schema, source);
  return { ...env, root, dataDir: path.resolve(root, env.AMAZOFF_DATA_DIR) };
}

/** `<NAME>_DATABASE_URL`: run that subgraph on an external PostgreSQL instead of the embedded one. */
export const databaseUrlVariable = (subgraph: string) => `${subgraph.toUpperCase().replace(/-/g, "_")}_DATABASE_URL`;

export function externalDatabaseUrl(subgraph: string, source: Record<string, string | undefined> = process.env): string | undefined {
  return source[databaseUrlVariable(subgraph)] || undefined;
}
