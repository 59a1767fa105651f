import { createLogger, loadTypeDefs, startSubgraphServer, type Logger, type RunningServer } from "@amazoff/kit";
import { createCatalogApp } from "./context.ts";
import { createCatalogDb } from "./db.ts";
import type { CatalogEnv } from "./env.ts";
import { resolvers } from "./resolvers/index.ts";
import { seedCatalog } from "./seed/seed.ts";

export const typeDefs = loadTypeDefs(new URL("../schema.graphql", import.meta.url));

/** Starts the catalog subgraph (used by `src/index.ts` and by the tests). */
export async function startCatalog(env: CatalogEnv, logger: Logger = createLogger({ service: "catalog", level: env.LOG_LEVEL })): Promise<RunningServer> {
  const db = createCatalogDb(env.CATALOG_DATABASE_URL, env.CATALOG_DB_POOL_SIZE);
  try {
    if (env.SEED_DEMO_DATA) {
      const result = await seedCatalog(db);
      logger.info(result, "demo catalog ready");
    }
    const app = createCatalogApp(db);
    return await startSubgraphServer({
      name: "catalog",
      typeDefs,
      resolvers,
      port: env.PORT,
      host: env.HOST,
      logger,
      context: app.context,
      ready: async () => {
        await db.$queryRaw`SELECT 1`;
        return true;
      },
      onStop: () => db.$disconnect(),
    });
  } catch (error) {
    await db.$disconnect();
    throw error;
  }
}
