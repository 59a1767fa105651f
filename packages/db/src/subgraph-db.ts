import type { PrismaPg } from "@prisma/adapter-pg";
import type pg from "pg";
import { createPool, once, pgAdapter, sqlReader, type SqlReader } from "./client.ts";
import { createLimiter } from "./limiter.ts";

/** What createSubgraphDb needs of a subgraph's generated PrismaClient. */
export interface PrismaClientLike {
  $disconnect(): Promise<void>;
  $transaction(...args: never[]): Promise<unknown>;
}

/** The interactive-transaction client of a PrismaClient type. */
export type TransactionClient<P extends PrismaClientLike> = P extends {
  $transaction<R>(fn: (tx: infer T) => Promise<R>, options?: unknown): Promise<R>;
}
  ? T
  : never;

/**
 * A subgraph's database access: Prisma for writes and transactions, `sql` for the hot reads, one
 * shared pool under both (the outbox relay and event consumers use it too).
 */
export interface SubgraphDb<P extends PrismaClientLike> {
  prisma: P;
  sql: SqlReader;
  pool: pg.Pool;
  /**
   * An interactive transaction. At most pool size - 1 run at once; the rest queue here, in
   * order, instead of in the pool (where a burst would run into the connection timeout), and one
   * connection always stays free for reads.
   */
  transaction<T>(work: (tx: TransactionClient<P>) => Promise<T>, options?: TransactionOptions): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface SubgraphDbOptions {
  poolSize?: number;
  /** Receives every SQL statement (tests count them to prove batching). */
  onQuery?: (sql: string) => void;
  /** Server settings for every connection (see createPool). */
  settings?: Record<string, string>;
}

export interface TransactionOptions {
  /** PostgreSQL's isolation level; default READ COMMITTED. */
  isolationLevel?: "ReadCommitted" | "RepeatableRead" | "Serializable";
}

/**
 * Generous limits: transactions on a popular row (the last units of a product) queue on its lock,
 * and under a burst a transaction may wait for a connection behind others (Prisma's defaults,
 * 2 s to start and 5 s to finish, turned bursts into P2028 "Unable to start a transaction").
 */
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 20_000 } as const;

/**
 * Builds a subgraph's database access around its generated PrismaClient:
 * `createSubgraphDb(url, (adapter, logQueries) => new PrismaClient({ adapter, ...(logQueries ? { log: [{ emit: "event", level: "query" }] } : {}) }))`.
 */
export function createSubgraphDb<P extends PrismaClientLike>(
  url: string,
  makePrisma: (adapter: PrismaPg, logQueries: boolean) => P,
  options: SubgraphDbOptions = {},
): SubgraphDb<P> {
  const poolSize = options.poolSize ?? 10;
  const pool = createPool(url, { max: poolSize, settings: options.settings });
  const onQuery = options.onQuery;
  const prisma = makePrisma(pgAdapter(pool), Boolean(onQuery));
  if (onQuery)
    (prisma as unknown as { $on(event: "query", cb: (e: { query: string }) => void): void }).$on("query", (event) => onQuery(event.query));
  const limit = createLimiter(Math.max(1, poolSize - 1));
  const interactive = prisma.$transaction as unknown as <T>(
    work: (tx: TransactionClient<P>) => Promise<T>,
    opts: typeof TRANSACTION_OPTIONS & TransactionOptions,
  ) => Promise<T>;
  return {
    prisma,
    sql: sqlReader(pool, onQuery),
    pool,
    transaction: <T>(work: (tx: TransactionClient<P>) => Promise<T>, options: TransactionOptions = {}) =>
      limit<T>(() => interactive.call(prisma, work, { ...TRANSACTION_OPTIONS, ...options }) as Promise<T>),
    async ping() {
      await pool.query("SELECT 1");
    },
    close: once(async () => {
      await prisma.$disconnect();
      await pool.end();
    }),
  };
}
