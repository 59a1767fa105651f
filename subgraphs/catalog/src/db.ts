import { createPool, once, pgAdapter, sqlReader, type SqlReader } from "@amazoff/db";
import { PrismaClient } from "./generated/prisma/client.ts";

/** The catalog's database access: Prisma for writes and migrations' model, SQL for hot reads. */
export interface CatalogDb {
  prisma: PrismaClient;
  sql: SqlReader;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface CatalogDbOptions {
  poolSize?: number;
  /** Receives every SQL statement (tests count them to prove batching). */
  onQuery?: (sql: string) => void;
}

/** Only repositories use what this returns. */
export function createCatalogDb(url: string, options: CatalogDbOptions = {}): CatalogDb {
  // Fuzzy search matches names by word similarity (`<%`, served by the trigram index); 0.4 lets
  // "expresso machne" find "Espresso Machine" (0.56) where the default 0.6 would not.
  const pool = createPool(url, { max: options.poolSize ?? 10, settings: { "pg_trgm.word_similarity_threshold": "0.4" } });
  const onQuery = options.onQuery;
  const prisma = onQuery
    ? new PrismaClient({ adapter: pgAdapter(pool), log: [{ emit: "event", level: "query" }] })
    : new PrismaClient({ adapter: pgAdapter(pool) });
  if (onQuery) (prisma as PrismaClient<"query">).$on("query", (event) => onQuery(event.query));
  return {
    prisma,
    sql: sqlReader(pool, onQuery),
    async ping() {
      await pool.query("SELECT 1");
    },
    close: once(async () => {
      await prisma.$disconnect();
      await pool.end();
    }),
  };
}
