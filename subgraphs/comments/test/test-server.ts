import { randomUUID } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "@amazoff/db/testing";
import { demoProducts } from "@amazoff/demo-data";
import type { EventBus } from "@amazoff/events";
import { createLogger, type Role, type RunningServer } from "@amazoff/kit";
import { graphqlClient, startTestIssuer, type GraphQLClient, type TestIssuer } from "@amazoff/kit/testing";
import { inject } from "vitest";
// The catalog's own test server: a real catalog subgraph on its own database (see global-setup.ts).
import {
  createTestServer as createCatalogTestServer,
  TEST_INTERNAL_SECRET,
  type CatalogTestServer,
} from "../../catalog/test/test-server.ts";
import { createCommentsDb, type CommentsDb } from "../src/db.ts";
import type { CommentsEnv } from "../src/env.ts";
import { startComments } from "../src/server.ts";

export { TEST_INTERNAL_SECRET };

export interface Commenter {
  userId: string;
  token: string;
  /** A client that sends this user's access token. */
  query: GraphQLClient;
}

export interface CommentsTestServer {
  server: RunningServer;
  /** The GraphQL endpoint. */
  url: string;
  /** An anonymous client. */
  query: GraphQLClient;
  db: CommentsDb;
  database: TestDatabase;
  /** SQL statements run by the subgraph since start-up (clear it with `.length = 0`). */
  statements: string[];
  /** The real catalog the product sections are checked against, holding the first `products` demo products. */
  catalog: CatalogTestServer;
  /** Ids of the catalog's products, in demo order. */
  productIds: string[];
  issuer: TestIssuer;
  /** A signed-in user (a fresh id unless given) with a client of their own. */
  signIn(options?: { role?: Role; userId?: string; scopes?: string[] }): Commenter;
  /** A partner's token exchanged for its API key `apiKeyId` (as the router mints it), with `scopes`. */
  apiKey(options: { partnerId?: string; apiKeyId?: string; scopes: string[] }): Commenter & { apiKeyId: string };
  stop(): Promise<void>;
}

/** Defaults of the test servers: generous rates, so only the rate-limit tests meet them. */
export function testEnv(databaseUrl: string, jwksUrl: string, catalogUrl: string, overrides: Partial<CommentsEnv> = {}): CommentsEnv {
  return {
    PORT: 0,
    HOST: "127.0.0.1",
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    COMMENTS_DATABASE_URL: databaseUrl,
    COMMENTS_DB_POOL_SIZE: 6,
    USERS_JWKS_URL: jwksUrl,
    INTERNAL_API_SECRET: TEST_INTERNAL_SECRET,
    CATALOG_INTERNAL_URL: catalogUrl,
    // No events subgraph runs beside these tests: event sections are tested end to end (e2e).
    EVENTS_INTERNAL_URL: "http://127.0.0.1:9",
    COMMENTS_PEER_TIMEOUT_MS: 2_000,
    COMMENTS_USER_BURST: 1_000,
    COMMENTS_USER_PER_MINUTE: 1_000,
    COMMENTS_API_KEY_BURST: 1_000,
    COMMENTS_API_KEY_PER_MINUTE: 1_000,
    SEED_DEMO_DATA: false,
    ...overrides,
  };
}

/**
 * A comments subgraph on a random port over a fresh database of its own (copied from the
 * migrated template), checking product sections with a real catalog test server that holds the
 * first `products` demo products.
 */
export async function createTestServer(
  options: { products?: number; env?: Partial<CommentsEnv>; bus?: EventBus } = {},
): Promise<CommentsTestServer> {
  const products = options.products ?? 3;
  const [catalog, issuer, database] = await Promise.all([
    createCatalogTestServer({ products }),
    startTestIssuer(),
    createTestDatabase(inject("pgAdminUrl"), "comments"),
  ]);
  const statements: string[] = [];
  const db = createCommentsDb(database.url, { poolSize: 6, onQuery: (sql) => statements.push(sql) });
  const env = testEnv(database.url, issuer.jwksUrl, catalog.url.replace(/\/graphql$/, ""), options.env);
  const server = await startComments(env, createLogger({ service: "comments", level: "silent" }), db, { bus: options.bus ?? null });
  const client = (token: string) => graphqlClient(server.url, { authorization: `Bearer ${token}` });
  return {
    server,
    url: server.url,
    query: graphqlClient(server.url),
    db,
    database,
    statements,
    catalog,
    productIds: [...demoProducts(products)].map((p) => p.id),
    issuer,
    signIn({ role = "CUSTOMER", userId = randomUUID(), scopes } = {}) {
      const token = issuer.token(userId, role, { scopes });
      return { userId, token, query: client(token) };
    },
    apiKey({ partnerId = randomUUID(), apiKeyId = randomUUID(), scopes }) {
      const token = issuer.token(partnerId, "PARTNER", { scopes, apiKeyId });
      return { userId: partnerId, apiKeyId, token, query: client(token) };
    },
    async stop() {
      await server.stop();
      await database.drop();
      await Promise.all([catalog.stop(), issuer.stop()]);
    },
  };
}

/** The comment fields most tests read. */
export const COMMENT_FIELDS = /* GraphQL */ `
  id sectionId body createdAt editedAt deleted deletedAt deletedBy author { id } replyTo { id }
`;

export interface CommentResult {
  id: string;
  sectionId: string;
  body: string;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
  deletedAt: string | null;
  deletedBy: "AUTHOR" | "STAFF" | null;
  author: { id: string } | null;
  replyTo: { id: string } | null;
}

export interface PageResult {
  totalCount: number;
  edges: { cursor: string; node: CommentResult }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
}

export const ADD = /* GraphQL */ `mutation Add($sectionId: String!, $body: String!, $replyTo: ID) {
  addComment(sectionId: $sectionId, body: $body, replyTo: $replyTo) { ${COMMENT_FIELDS} } }`;
export const EDIT = /* GraphQL */ `mutation Edit($id: ID!, $body: String!) { editComment(id: $id, body: $body) { ${COMMENT_FIELDS} } }`;
export const DELETE = /* GraphQL */ `mutation Delete($id: ID!, $reason: String) { deleteComment(id: $id, reason: $reason) { ${COMMENT_FIELDS} } }`;
export const LIST = /* GraphQL */ `query List($sectionId: String!, $first: Int, $after: String) {
  comments(sectionId: $sectionId, first: $first, after: $after) {
    totalCount edges { cursor node { ${COMMENT_FIELDS} } } pageInfo { hasNextPage hasPreviousPage endCursor } } }`;

/** Posts a comment and returns it; fails the test on any error. */
export async function post(who: Commenter, sectionId: string, body: string, replyTo?: string): Promise<CommentResult> {
  const response = await who.query<{ addComment: CommentResult }>(ADD, { sectionId, body, replyTo });
  if (response.errors?.length || !response.data) throw new Error(`addComment failed: ${JSON.stringify(response.errors)}`);
  return response.data.addComment;
}
