import { createPool, once, pgAdapter, sqlReader, type SqlReader } from "@amazoff/db";
import type pg from "pg";
import { PrismaClient } from "./generated/prisma/client.ts";

/** The users subgraph's database access: Prisma for writes, SQL for hot reads. */
export interface UsersDb {
  prisma: PrismaClient;
  sql: SqlReader;
  /** The connection pool under both, for the outbox relay (it claims rows with its own transactions). */
  pool: pg.Pool;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface UsersDbOptions {
  poolSize?: number;
  /** Receives every SQL statement (tests count them to prove batching). */
  onQuery?: (sql: string) => void;
}

/** Only repositories use what this returns. */
export function createUsersDb(url: string, options: UsersDbOptions = {}): UsersDb {
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
