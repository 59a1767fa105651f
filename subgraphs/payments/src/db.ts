import { createSubgraphDb, type SubgraphDb, type SubgraphDbOptions } from "@amazoff/db";
import { PrismaClient, type Prisma } from "./generated/prisma/client.ts";

/** An interactive transaction's client. */
export type Tx = Prisma.TransactionClient;

/** The payments database access: Prisma for writes, SQL for hot reads, one shared pool. */
export type PaymentsDb = SubgraphDb<PrismaClient>;

/** Only repositories (and the event plumbing) use what this returns. */
export function createPaymentsDb(url: string, options: SubgraphDbOptions = {}): PaymentsDb {
  return createSubgraphDb(
    url,
    (adapter, logQueries) => new PrismaClient({ adapter, ...(logQueries ? { log: [{ emit: "event", level: "query" }] } : {}) }),
    { ...options },
  );
}
