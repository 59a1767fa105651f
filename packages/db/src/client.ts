import { PrismaPg } from "@prisma/adapter-pg";
import { parseIntoClientConfig } from "pg-connection-string";

export interface PoolOptions {
  /** Connections in this process's pool. */
  max?: number;
  /** Statement timeout in ms: a runaway query fails instead of holding a connection forever. */
  statementTimeoutMs?: number;
}

/**
 * The driver adapter a subgraph's generated PrismaClient runs on:
 * `new PrismaClient({ adapter: pgAdapter(env.CATALOG_DATABASE_URL) })`.
 */
export function pgAdapter(connectionString: string, options: PoolOptions = {}): PrismaPg {
  return new PrismaPg({
    ...parseIntoClientConfig(connectionString),
    max: options.max ?? 10,
    statement_timeout: options.statementTimeoutMs ?? 15_000,
    connectionTimeoutMillis: 5_000,
  });
}
