import { createLogger } from "@amazoff/kit";
import { graphqlClient, type GraphQLClient } from "@amazoff/kit/testing";
import { createTestDatabase, type TestDatabase } from "@amazoff/db/testing";
import { inject } from "vitest";
import { createCatalogDb, type CatalogDb } from "../src/db.ts";
import { seedCatalog } from "../src/seed/seed.ts";
import { startCatalog } from "../src/server.ts";

/** The internal API secret every test server uses. */
export const TEST_INTERNAL_SECRET = "test-internal-secret-0123456789";

export interface CatalogTestServer {
  url: string;
  query: GraphQLClient;
  db: CatalogDb;
  database: TestDatabase;
  /** SQL statements run since start-up (clear it with `.length = 0`). */
  statements: string[];
  stop(): Promise<void>;
}

/**
 * A catalog subgraph on a random port over a fresh database of its own (copied from the migrated
 * template), optionally seeded with the first `products` demo products.
 */
export async function createTestServer(options: { products?: number; usersJwksUrl?: string } = {}): Promise<CatalogTestServer> {
  const database = await createTestDatabase(inject("pgAdminUrl"), "catalog");
  const statements: string[] = [];
  const db = createCatalogDb(database.url, { poolSize: 4, onQuery: (sql) => statements.push(sql) });
  if (options.products) await seedCatalog(db, options.products);
  statements.length = 0;
  const server = await startCatalog(
    {
      PORT: 0,
      HOST: "127.0.0.1",
      NODE_ENV: "test",
      LOG_LEVEL: "silent",
      CATALOG_DATABASE_URL: database.url,
      CATALOG_DB_POOL_SIZE: 4,
      SEED_DEMO_DATA: false,
      DEMO_PRODUCT_COUNT: 0,
      USERS_JWKS_URL: options.usersJwksUrl ?? "http://127.0.0.1:9/.well-known/jwks.json",
      INTERNAL_API_SECRET: TEST_INTERNAL_SECRET,
    },
    createLogger({ service: "catalog", level: "silent" }),
    db,
  );
  return {
    url: server.url,
    query: graphqlClient(server.url),
    db,
    database,
    statements,
    async stop() {
      await server.stop();
      await db.close();
      await database.drop();
    },
  };
}
