import { createSubgraphDb, type SubgraphDb, type SubgraphDbOptions } from "@amazoff/db";
import { PrismaClient } from "./generated/prisma/client.ts";

/** The catalog's database access: Prisma for writes, SQL for hot reads. */
export type CatalogDb = SubgraphDb<PrismaClient>;

/** Only repositories (and the event plumbing) use what this returns. */
export function createCatalogDb(url: string, options: SubgraphDbOptions = {}): CatalogDb {
  // Fuzzy search matches names by word similarity (`<%`, served by the trigram index); 0.4 lets
  // "expresso machne" find "Espresso Machine" (0.56) where the default 0.6 would not.
  return createSubgraphDb(
    url,
    (adapter, logQueries) => new PrismaClient({ adapter, ...(logQueries ? { log: [{ emit: "event", level: "query" }] } : {}) }),
    { ...options, settings: { "pg_trgm.word_similarity_threshold": "0.4", ...options.settings } },
  );
}
