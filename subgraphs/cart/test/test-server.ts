import { randomUUID } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "@amazoff/db/testing";
import { createLogger, internalClient, type InternalClient, type Role } from "@amazoff/kit";
import { graphqlClient, type GraphQLClient } from "@amazoff/kit/testing";
import { inject } from "vitest";
// The catalog's own test server: a real catalog subgraph on its own database (see global-setup.ts).
import {
  createTestServer as createCatalogTestServer,
  TEST_INTERNAL_SECRET,
  type CatalogTestServer,
} from "../../catalog/test/test-server.ts";
import { createCartDb, type CartDb } from "../src/db.ts";
import type { CartEnv } from "../src/env.ts";
import { startCart } from "../src/server.ts";
import { addCatalogProducts, deleteCatalogProduct, setCatalogPrice, type TestProduct } from "./support/catalog-fixture.ts";
import { startFakeInventory, type FakeInventory } from "./support/fake-inventory.ts";
import { startTestIdentity, type TestIdentity } from "./support/identity.ts";

/** The internal API secret shared by the cart, the catalog test server and the fake inventory. */
export { TEST_INTERNAL_SECRET };

export interface Shopper {
  userId: string;
  token: string;
  /** A client that sends this user's access token. */
  query: GraphQLClient;
}

export interface CartTestServer {
  /** The GraphQL endpoint. */
  url: string;
  /** `http://localhost:<port>`, for the other routes. */
  origin: string;
  /** An anonymous client. */
  query: GraphQLClient;
  db: CartDb;
  database: TestDatabase;
  /** SQL statements run by the cart since start-up (clear it with `.length = 0`). */
  statements: string[];
  /** The real catalog the cart prices its lines with. */
  catalog: CatalogTestServer;
  /** The products the catalog holds, in order (prices 19.99, 29.99, 39.99...). */
  products: TestProduct[];
  /** Changes a product's price in the catalog's database. */
  setPrice(productId: string, amount: number): Promise<void>;
  /** Deletes a product from the catalog's database. */
  deleteProduct(productId: string): Promise<void>;
  inventory: FakeInventory;
  identity: TestIdentity;
  /** A signed-in user (a fresh id unless given) with a client of their own. */
  signIn(options?: { role?: Role; userId?: string; scopes?: string[] }): Shopper;
  /** A client of the cart's internal endpoints, with the right secret. */
  internal: InternalClient;
  stop(): Promise<void>;
}

/**
 * A cart subgraph on a random port over a fresh database of its own (copied from the migrated
 * template), pricing with a real catalog test server holding `products` products of its own,
 * and checking stock with a fake inventory (50 units of everything unless a test says otherwise).
 */
export async function createTestServer(options: { products?: number; env?: Partial<CartEnv> } = {}): Promise<CartTestServer> {
  const count = options.products ?? 20;
  const [catalog, inventory, identity, database] = await Promise.all([
    createCatalogTestServer(),
    startFakeInventory(TEST_INTERNAL_SECRET),
    startTestIdentity(),
    createTestDatabase(inject("pgAdminUrl"), "cart"),
  ]);
  const products = await addCatalogProducts(catalog, count);
  const statements: string[] = [];
  const db = createCartDb(database.url, { poolSize: 4, onQuery: (sql) => statements.push(sql) });
  const env: CartEnv = {
    PORT: 0,
    HOST: "127.0.0.1",
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    CART_DATABASE_URL: database.url,
    CART_DB_POOL_SIZE: 4,
    USERS_JWKS_URL: identity.jwksUrl,
    INTERNAL_API_SECRET: TEST_INTERNAL_SECRET,
    CATALOG_INTERNAL_URL: catalog.url.replace(/\/graphql$/, ""),
    INVENTORY_INTERNAL_URL: inventory.url,
    CART_PEER_TIMEOUT_MS: 2_000,
    CART_GUEST_TTL_DAYS: 30,
    CART_CURRENCY: "USD",
    ...options.env,
  };
  const server = await startCart(env, createLogger({ service: "cart", level: "silent" }), db);
  const origin = new URL(server.url).origin;
  return {
    url: server.url,
    origin,
    query: graphqlClient(server.url),
    db,
    database,
    statements,
    catalog,
    products,
    setPrice: (productId, amount) => setCatalogPrice(catalog, productId, amount),
    deleteProduct: (productId) => deleteCatalogProduct(catalog, productId),
    inventory,
    identity,
    signIn({ role = "CUSTOMER", userId = randomUUID(), scopes } = {}) {
      const token = identity.token({ userId, role, scopes });
      return { userId, token, query: graphqlClient(server.url, { authorization: `Bearer ${token}` }) };
    },
    internal: internalClient(origin, TEST_INTERNAL_SECRET),
    async stop() {
      await server.stop();
      await db.close();
      await database.drop();
      await Promise.all([catalog.stop(), inventory.stop(), identity.stop()]);
    },
  };
}

/** The cart fields most tests read. */
export const CART_FIELDS = /* GraphQL */ `
  id itemCount updatedAt expiresAt
  subtotal { amount currency formatted }
  items { product { id } quantity unitPrice { amount currency } lineTotal { amount currency } }
`;

export interface CartResult {
  id: string;
  itemCount: number;
  updatedAt: string;
  expiresAt: string | null;
  subtotal: { amount: number; currency: string; formatted: string };
  items: {
    product: { id: string };
    quantity: number;
    unitPrice: { amount: number; currency: string };
    lineTotal: { amount: number; currency: string };
  }[];
}

export const ADD = /* GraphQL */ `mutation Add($input: AddToCartInput!) { addToCart(input: $input) { ${CART_FIELDS} } }`;
export const UPDATE = /* GraphQL */ `mutation Update($input: UpdateCartItemInput!) { updateCartItem(input: $input) { ${CART_FIELDS} } }`;
export const REMOVE = /* GraphQL */ `mutation Remove($input: RemoveCartItemInput!) { removeCartItem(input: $input) { ${CART_FIELDS} } }`;
export const CLEAR = /* GraphQL */ `mutation Clear($guestCartId: ID) { clearCart(guestCartId: $guestCartId) { ${CART_FIELDS} } }`;
export const CART = /* GraphQL */ `query Cart($guestCartId: ID) { cart(guestCartId: $guestCartId) { ${CART_FIELDS} } }`;
export const CREATE_GUEST = /* GraphQL */ `mutation { createGuestCart { ${CART_FIELDS} } }`;
export const MERGE = /* GraphQL */ `mutation Merge($guestCartId: ID!) { mergeGuestCart(guestCartId: $guestCartId) { ${CART_FIELDS} } }`;
