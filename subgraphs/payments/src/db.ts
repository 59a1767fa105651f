import { createPool, once, pgAdapter, sqlReader, type SqlReader } from "@amazoff/db";
import type pg from "pg";
import { PrismaClient, type Prisma } from "./generated/prisma/client.ts";
import { createLimiter } from "./limiter.ts";

export type Tx = Prisma.TransactionClient;

/** The payments database access: Prisma for writes, SQL for hot reads, one shared pool. */
export interface PaymentsDb {
  prisma: PrismaClient;
  sql: SqlReader;
  /** The shared pool itself, for the outbox relay (which claims rows with its own statements). */
  pool: pg.Pool;
  /**
   * An interactive transaction. At most pool size - 1 run at once; the rest queue here, in
   * order, instead of in the pool (whose connection timeout would turn a burst of payments into
   * errors), and one connection always stays free for reads.
   */
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface PaymentsDbOptions {
  poolSize?: number;
  /** Receives every SQL statement (tests count them to prove batching). */
  onQuery?: (sql: string) => void;
}

/** Generous limits: concurrent operations on one payment queue on its row's lock. */
const TX_OPTIONS = { maxWait: 10_000, timeout: 20_000 } as const;

/** Only repositories (and the outbox relay) use what this returns. */
export function createPaymentsDb(url: string, options: PaymentsDbOptions = {}): PaymentsDb {
  const poolSize = options.poolSize ?? 10;
  const pool = createPool(url, { max: poolSize });
  const onQuery = options.onQuery;
  const prisma = onQuery
    ? new PrismaClient({ adapter: pgAdapter(pool), log: [{ emit: "event", level: "query" }] })
    : new PrismaClient({ adapter: pgAdapter(pool) });
  if (onQuery) (prisma as PrismaClient<"query">).$on("query", (event) => onQuery(event.query));
  const limit = createLimiter(Math.max(1, poolSize - 1));
  return {
    prisma,
    sql: sqlReader(pool, onQuery),
    pool,
    transaction: (work) => limit(() => prisma.$transaction(work, TX_OPTIONS)),
    async ping() {
      await pool.query("SELECT 1");
    },
    close: once(async () => {
      await prisma.$disconnect();
      await pool.end();
    }),
  };
}
