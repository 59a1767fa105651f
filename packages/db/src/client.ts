import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { parseIntoClientConfig } from "pg-connection-string";

export interface PoolOptions {
  /** Connections in this process's pool. */
  max?: number;
  /** Statement timeout in ms: a runaway query fails instead of holding a connection forever. */
  statementTimeoutMs?: number;
  /** Server settings for every connection of the pool, e.g. `{ "pg_trgm.word_similarity_threshold": "0.4" }`. */
  settings?: Record<string, string>;
}

/** The one connection pool of a subgraph process, shared by Prisma and the SQL reader. */
export function createPool(connectionString: string, options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    ...parseIntoClientConfig(connectionString),
    max: options.max ?? 10,
    statement_timeout: options.statementTimeoutMs ?? 15_000,
    // Bursts (a flash sale) queue for connections; waiting a little beats failing the request.
    connectionTimeoutMillis: 15_000,
    ...(options.settings
      ? {
          options: Object.entries(options.settings)
            .map(([k, v]) => `-c ${k}=${v}`)
            .join(" "),
        }
      : {}),
  });
  // An idle client losing its connection (database restart, failover) is emitted on the pool;
  // unhandled, that event would crash the process. pg drops the client and the next query
  // reconnects; queries that were running fail on their own and are reported there.
  pool.on("error", () => {});
  return pool;
}

/** The driver adapter a generated PrismaClient runs on, over the shared pool. */
export const pgAdapter = (pool: pg.Pool): PrismaPg => new PrismaPg(pool);

/** A parameterised statement, e.g. from Prisma's `Prisma.sql` tagged template (`text` uses $1..$n). */
export interface SqlStatement {
  text: string;
  values: unknown[];
}

export interface SqlReader {
  query<R>(statement: SqlStatement): Promise<R[]>;
}

/**
 * Plain SQL over the shared pool, for the hot read paths. Measured here: Prisma 6.19 spends
 * 0.5-2 ms of CPU per query compiling or wrapping it (its query compiler runs as WebAssembly),
 * against 0.1-0.3 ms for pg itself; for a page of products that was the difference between
 * ~150 and ~1,000 requests/s. Statements are built with `Prisma.sql`, so values are always bound
 * parameters. `onQuery` sees each statement (tests count them to prove batching).
 */
export function sqlReader(pool: pg.Pool, onQuery?: (text: string) => void): SqlReader {
  return {
    async query<R>(statement: SqlStatement): Promise<R[]> {
      onQuery?.(statement.text);
      const result = await pool.query(statement.text, statement.values);
      return result.rows as R[];
    },
  };
}

/** Wraps an async close/stop so that calling it again returns the first call's promise. */
export function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}
