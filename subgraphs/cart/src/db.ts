import { createPool, once, pgAdapter, sqlReader, type SqlReader } from "@amazoff/db";
import type pg from "pg";
import { PrismaClient } from "./generated/prisma/client.ts";

/** The cart's database access: Prisma for transactional writes, SQL for the hot reads. */
export interface CartDb {
  prisma: PrismaClient;
  sql: SqlReader;
  /** The shared pool itself, for the event consumer (processOnce runs its own transaction). */
  pool: pg.Pool;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface CartDbOptions {
  poolSize?: number;
  /** Receives every SQL statement (tests count them to prove batching). */
  onQuery?: (sql: string) => void;
}

/** Only repositories (and the event consumer's repository function) use what this returns. */
export function createCartDb(url: string, options: CartDbOptions = {}): CartDb {
  const pool = createPool(url, { max: options.poolSize ?? 10 });
  const onQuery = options.onQuery;
  const prisma = onQuery
    ? new PrismaClient({ adapter: pgAdapter(pool), log: [{ emit: "event", level: "query" }] })
    : new PrismaClient({ adapter: pgAdapter(pool) });
  if (onQuery) (prisma as PrismaClient<"query">).$on("query", (event) => onQuery(event.query));
  return {
    prisma,
    sql: sqlReader(pool, onQuery),
    pool,
    async ping() {
      await pool.query("SELECT 1");
    },
    close: once(async () => {
      await prisma.$disconnect();
      await pool.end();
    }),
  };
}
