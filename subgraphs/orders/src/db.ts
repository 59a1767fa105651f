import { createSubgraphDb, type SubgraphDb, type SubgraphDbOptions } from "@amazoff/db";
import { PrismaClient } from "./generated/prisma/client.ts";

/** The orders database: Prisma for writes and transactions, plain SQL for hot reads. */
export type OrdersDb = SubgraphDb<PrismaClient>;

/** Only repositories (and the event plumbing) use what this returns. */
export function createOrdersDb(url: string, options: SubgraphDbOptions = {}): OrdersDb {
  return createSubgraphDb(
    url,
    (adapter, logQueries) => new PrismaClient({ adapter, ...(logQueries ? { log: [{ emit: "event", level: "query" }] } : {}) }),
    { ...options },
  );
}
