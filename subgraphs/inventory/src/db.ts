import { createSubgraphDb, type SubgraphDb, type SubgraphDbOptions } from "@amazoff/db";
import { PrismaClient, type Prisma } from "./generated/prisma/client.ts";

/** An interactive transaction's client. */
export type Tx = Prisma.TransactionClient;

/** The inventory's database access: Prisma for writes, SQL for hot reads, one shared pool. */
export type InventoryDb = SubgraphDb<PrismaClient>;

/** Only repositories (and the event plumbing) use what this returns. */
export function createInventoryDb(url: string, options: SubgraphDbOptions = {}): InventoryDb {
  return createSubgraphDb(
    url,
    (adapter, logQueries) => new PrismaClient({ adapter, ...(logQueries ? { log: [{ emit: "event", level: "query" }] } : {}) }),
    { ...options },
  );
}
