import { createSubgraphDb, type SubgraphDb, type SubgraphDbOptions } from "@amazoff/db";
import { PrismaClient } from "./generated/prisma/client.ts";

/** The cart's database access: Prisma for transactional writes, SQL for the hot reads. */
export type CartDb = SubgraphDb<PrismaClient>;

/** Only repositories (and the event plumbing) use what this returns. */
export function createCartDb(url: string, options: SubgraphDbOptions = {}): CartDb {
  return createSubgraphDb(
    url,
    (adapter, logQueries) => new PrismaClient({ adapter, ...(logQueries ? { log: [{ emit: "event", level: "query" }] } : {}) }),
    { ...options },
  );
}
