import { createTestDatabase, type TestDatabase } from "@amazoff/db/testing";
import { createLogger } from "@amazoff/kit";
import { graphqlClient, startTestIssuer, type GraphQLClient, type TestIssuer } from "@amazoff/kit/testing";
import { inject } from "vitest";
import { createOrdersDb, type OrdersDb } from "../src/db.ts";
import type { OrdersEnv } from "../src/env.ts";
import type { Peers } from "../src/peers/peers.ts";
import { startOrders, type RunningOrders } from "../src/server.ts";

export const TEST_INTERNAL_SECRET = "test-internal-secret-0123456789";

export interface OrdersTestServer {
  server: RunningOrders;
  url: string;
  query: GraphQLClient;
  issuer: TestIssuer;
  db: OrdersDb;
  database: TestDatabase;
  stop(): Promise<void>;
}

export function testEnv(databaseUrl: string, jwksUrl: string, overrides: Partial<OrdersEnv> = {}): OrdersEnv {
  return {
    PORT: 0,
    HOST: "127.0.0.1",
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    ORDERS_DATABASE_URL: databaseUrl,
    ORDERS_DB_POOL_SIZE: 8,
    USERS_JWKS_URL: jwksUrl,
    INTERNAL_API_SECRET: TEST_INTERNAL_SECRET,
    CATALOG_INTERNAL_URL: "http://127.0.0.1:9",
    USERS_INTERNAL_URL: "http://127.0.0.1:9",
    INVENTORY_INTERNAL_URL: "http://127.0.0.1:9",
    CART_INTERNAL_URL: "http://127.0.0.1:9",
    PAYMENTS_INTERNAL_URL: "http://127.0.0.1:9",
    RESERVATION_TTL_SECONDS: 900,
    SAGA_LEASE_MS: 30_000,
    SAGA_RECOVERY_INTERVAL_MS: 600_000,
    PEER_TIMEOUT_MS: 5_000,
    ...overrides,
  };
}

/** The orders subgraph on a random port, a database of its own, and an optional peer set. */
export async function createTestServer(options: { peers?: Peers; env?: Partial<OrdersEnv> } = {}): Promise<OrdersTestServer> {
  const database = await createTestDatabase(inject("pgAdminUrl"), "orders");
  const issuer = await startTestIssuer();
  const db = createOrdersDb(database.url, { poolSize: 8 });
  const server = await startOrders(
    testEnv(database.url, issuer.jwksUrl, options.env),
    createLogger({ service: "orders", level: "silent" }),
    { db, peers: options.peers },
  );
  return {
    server,
    url: server.url,
    query: graphqlClient(server.url),
    issuer,
    db,
    database,
    async stop() {
      await server.stop();
      await issuer.stop();
      await database.drop();
    },
  };
}
