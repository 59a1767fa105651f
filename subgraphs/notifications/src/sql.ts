import type pg from "pg";
import { Prisma } from "./generated/prisma/client.ts";

export { Prisma };

/** A pool or a transaction's client (the event consumers write on processOnce's client). */
export type Queryable = pg.Pool | pg.PoolClient;

/** Runs a `Prisma.sql` statement (every value bound) on a pool or a transaction's client. */
export async function run<R extends pg.QueryResultRow = pg.QueryResultRow>(
  on: Queryable,
  statement: Prisma.Sql,
): Promise<pg.QueryResult<R>> {
  return on.query<R>(statement.text, statement.values as unknown[]);
}
