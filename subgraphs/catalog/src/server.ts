import { catalogApi } from "@amazoff/contracts";
import { createLogger, loadTypeDefs, startSubgraphServer, usersTokenVerifier, type Logger, type RunningServer } from "@amazoff/kit";
import { createCatalogApp } from "./context.ts";
import { createCatalogDb, type CatalogDb } from "./db.ts";
import type { CatalogEnv } from "./env.ts";
import { productSnapshotRoute } from "./products/product.internal.ts";
import { resolvers } from "./resolvers/index.ts";
import { seedCatalog } from "./seed/seed.ts";

export const typeDefs = loadTypeDefs(new URL("../schema.graphql", import.meta.url));

/** Starts the catalog subgraph (used by `src/index.ts` and by the tests). */
export async function startCatalog(
  env: CatalogEnv,
  logger: Logger = createLogger({ service: "catalog", level: env.LOG_LEVEL }),
  db: CatalogDb = createCatalogDb(env.CATALOG_DATABASE_URL, { poolSize: env.CATALOG_DB_POOL_SIZE }),
): Promise<RunningServer> {
  try {
    if (env.SEED_DEMO_DATA) {
      const result = await seedCatalog(db, env.DEMO_PRODUCT_COUNT);
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
      verifier: usersTokenVerifier({ jwksUrl: env.USERS_JWKS_URL, internalSecret: env.INTERNAL_API_SECRET, log: logger }),
      routes: { [catalogApi.productSnapshots.path]: productSnapshotRoute(app.repos.products, env.INTERNAL_API_SECRET, logger) },
      ready: () => db.ping(),
      onStop: () => db.close(),
    });
  } catch (error) {
    await db.close();
    throw error;
  }
}
