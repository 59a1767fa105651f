import { createSubgraphDb, type SubgraphDb, type SubgraphDbOptions } from "@amazoff/db";
import { PrismaClient } from "./generated/prisma/client.ts";

/** The notifications database access: Prisma for writes, SQL for the hot reads, one shared pool. */
export type NotificationsDb = SubgraphDb<PrismaClient>;

/** Only repositories (and the event plumbing) use what this returns. */
export function createNotificationsDb(url: string, options: SubgraphDbOptions = {}): NotificationsDb {
  return createSubgraphDb(
    url,
    (adapter, logQueries) => new PrismaClient({ adapter, ...(logQueries ? { log: [{ emit: "event", level: "query" }] } : {}) }),
    { ...options },
  );
}
