import { createPool, once, pgAdapter, sqlReader, type SqlReader } from "@amazoff/db";
import type pg from "pg";
import { PrismaClient } from "./generated/prisma/client.ts";

/** The orders database: Prisma for writes and transactions, plain SQL for hot reads. */
export interface OrdersDb {
  prisma: PrismaClient;
  sql: SqlReader;
  pool: pg.Pool;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function createOrdersDb(url: string, options: { poolSize?: number; onQuery?: (sql: string) => void } = {}): OrdersDb {
  const pool = createPool(url, { max: options.poolSize ?? 10 });
  const prisma = new PrismaClient({ adapter: pgAdapter(pool) });
  return {
    prisma,
    sql: sqlReader(pool, options.onQuery),
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
