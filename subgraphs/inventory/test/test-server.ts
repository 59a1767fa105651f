import { randomUUID } from "node:crypto";
import type { EventBus } from "@amazoff/events";
import { createLogger, internalClient, type InternalClient, type Role } from "@amazoff/kit";
import { type GraphQLClient, type TestIdentity, graphqlClient, startTestIssuer } from "@amazoff/kit/testing";
import { createTestDatabase, type TestDatabase } from "@amazoff/db/testing";
import { inject } from "vitest";
import { createInventoryDb, type InventoryDb } from "../src/db.ts";
import type { InventoryEnv } from "../src/env.ts";
import { seedInventory } from "../src/seed/seed.ts";
import { startInventory, type InventoryServer } from "../src/server.ts";

export const TEST_INTERNAL_SECRET = "test-internal-secret-0123456789";

export interface InventoryTestServer {
  /** The GraphQL endpoint. */
  url: string;
  /** `http://localhost:<port>`, for the internal routes. */
  origin: string;
  /** An anonymous GraphQL client. */
  query: GraphQLClient;
  /** A GraphQL client with an access token for this identity (scopes default to the role's). */
  as(identity: Partial<TestIdentity> & { role: Role }): GraphQLClient;
  /** The internal endpoints, with the right secret. */
  internal: InternalClient;
  server: InventoryServer;
  db: InventoryDb;
  database: TestDatabase;
  /** SQL statements run since start-up (clear it with `.length = 0`). */
  statements: string[];
  /** A store written straight to the database. */
  createStore(options?: { active?: boolean; kind?: "WAREHOUSE" | "STORE" }): Promise<string>;
  /** Stock of a product in a store written straight to the database. */
  putStock(productId: string, storeId: string, onHand: number, threshold?: number): Promise<void>;
  stop(): Promise<void>;
}

let storeCounter = 0;

/**
 * An inventory subgraph on a random port over a fresh database of its own (copied from the
 * migrated template), verifying tokens against a JWKS of its own; optionally seeded with the demo
 * stock of the first `products` demo products.
 */
export async function createTestServer(
  options: { products?: number; env?: Partial<InventoryEnv>; bus?: EventBus | null } = {},
): Promise<InventoryTestServer> {
  const database = await createTestDatabase(inject("pgAdminUrl"), "inventory");
  const issuer = await startTestIssuer();
  const statements: string[] = [];
  const db = createInventoryDb(database.url, { poolSize: 8, onQuery: (sql) => statements.push(sql) });
  if (options.products) await seedInventory(db, options.products);
  statements.length = 0;
  const env: InventoryEnv = {
    PORT: 0,
    HOST: "127.0.0.1",
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    INVENTORY_DATABASE_URL: database.url,
    INVENTORY_DB_POOL_SIZE: 8,
    USERS_JWKS_URL: issuer.jwksUrl,
    INTERNAL_API_SECRET: TEST_INTERNAL_SECRET,
    EVENTS_DATABASE_URL: undefined,
    // Tests sweep on demand (server.sweeper.sweep()); the loop itself is tested with a short interval.
    INVENTORY_SWEEP_INTERVAL_MS: 600_000,
    SEED_DEMO_DATA: false,
    ...options.env,
  };
  const server = await startInventory(env, createLogger({ service: "inventory", level: "silent" }), db, { bus: options.bus ?? null });
  const origin = new URL(server.url).origin;
  return {
    url: server.url,
    origin,
    query: graphqlClient(server.url),
    as: (identity) => graphqlClient(server.url, { authorization: `Bearer ${issuer.tokenFor({ userId: randomUUID(), ...identity })}` }),
    // A long timeout: the tests check outcomes under load (200 concurrent checkouts on a busy CI
    // machine), not latency.
    internal: internalClient(origin, TEST_INTERNAL_SECRET, 60_000),
    server,
    db,
    database,
    statements,
    async createStore(o = {}) {
      storeCounter += 1;
      const store = await db.prisma.store.create({
        data: {
          code: `T-${process.pid % 1000}-${storeCounter}`,
          name: `Test store ${storeCounter}`,
          kind: o.kind ?? "STORE",
          city: "Testville",
          country: "US",
          active: o.active ?? true,
        },
      });
      return store.id;
    },
    async putStock(productId, storeId, onHand, threshold = 0) {
      await db.prisma.stockLevel.upsert({
        where: { productId_storeId: { productId, storeId } },
        create: { productId, storeId, onHand, lowStockThreshold: threshold },
        update: { onHand, lowStockThreshold: threshold },
      });
    },
    async stop() {
      await server.stop();
      await db.close();
      await issuer.stop();
      await database.drop();
    },
  };
}
