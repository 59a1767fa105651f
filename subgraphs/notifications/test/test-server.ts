import { randomUUID } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "@amazoff/db/testing";
import { createEvent, type EventPayload, type EventType } from "@amazoff/events";
import { createLogger, type Role } from "@amazoff/kit";
import { graphqlClient, type GraphQLClient } from "@amazoff/kit/testing";
import { inject } from "vitest";
// The real users and orders subgraphs (their own test servers, on their own databases).
import { createTestServer as createOrdersTestServer, type OrdersTestServer } from "../../orders/test/test-server.ts";
import { createTestServer as createUsersTestServer, TEST_INTERNAL_SECRET, type UsersTestServer } from "../../users/test/test-server.ts";
import { createNotificationsDb, type NotificationsDb } from "../src/db.ts";
import type { NotificationsEnv } from "../src/env.ts";
import { startNotifications, type NotificationsOverrides, type RunningNotifications } from "../src/server.ts";

export interface Member {
  id: string;
  email: string;
  role: Role;
  accessToken: string;
  /** A GraphQL client of the notifications subgraph sending this user's token. */
  query: GraphQLClient;
}

export interface NotificationsTestServer {
  server: RunningNotifications;
  url: string;
  /** An anonymous client. */
  query: GraphQLClient;
  db: NotificationsDb;
  database: TestDatabase;
  users: UsersTestServer;
  orders: OrdersTestServer;
  /** A user of the real users subgraph, signed in there (its token verifies here). */
  signIn(role?: Role): Promise<Member>;
  /** Hands an event to the consumer as the queue would; resolves once it is processed. */
  deliver<T extends EventType>(type: T, payload: EventPayload<T>): Promise<string>;
  /** An order in the orders subgraph's database (so that its owner endpoint knows it). */
  createOrder(userId: string): Promise<string>;
  /** Runs the delivery worker until nothing is due. */
  sendDue(): Promise<void>;
  /** Makes a user's pending deliveries due now, as if their retry wait had passed. */
  makeDue(recipientId: string): Promise<void>;
  /** A second notifications process on the same database (replicas), with its own overrides. */
  startReplica(overrides?: NotificationsOverrides, env?: Partial<NotificationsEnv>): Promise<RunningNotifications>;
  stop(): Promise<void>;
}

export function testEnv(
  databaseUrl: string,
  users: UsersTestServer,
  orders: OrdersTestServer,
  overrides: Partial<NotificationsEnv> = {},
): NotificationsEnv {
  return {
    PORT: 0,
    HOST: "127.0.0.1",
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    NOTIFICATIONS_DATABASE_URL: databaseUrl,
    NOTIFICATIONS_DB_POOL_SIZE: 6,
    USERS_JWKS_URL: `${users.origin}/.well-known/jwks.json`,
    INTERNAL_API_SECRET: TEST_INTERNAL_SECRET,
    USERS_INTERNAL_URL: users.origin,
    ORDERS_INTERNAL_URL: new URL(orders.url).origin,
    NOTIFICATIONS_PEER_TIMEOUT_MS: 3_000,
    SHOP_NAME: "Amazoff",
    SHOP_URL: "https://shop.example.com",
    SMTP_FROM: "Amazoff <no-reply@shop.example.com>",
    NOTIFICATIONS_SMS_PROVIDER: "none",
    NOTIFICATIONS_DELIVERY_MAX_ATTEMPTS: 3,
    NOTIFICATIONS_DELIVERY_RETRY_MS: 10,
    // Tests drive the worker (sendDue); its own tick stays out of the way.
    NOTIFICATIONS_DELIVERY_INTERVAL_MS: 60_000,
    NOTIFICATIONS_DELIVERY_LEASE_MS: 60_000,
    ...overrides,
  };
}

/**
 * The notifications subgraph on a random port over a fresh database of its own (copied from the
 * migrated template), with a real users subgraph (tokens, revocations, contacts, staff) and a
 * real orders subgraph (order owners) beside it. No email transport unless the test gives one.
 */
export async function createTestServer(
  options: { env?: Partial<NotificationsEnv>; overrides?: NotificationsOverrides } = {},
): Promise<NotificationsTestServer> {
  const [database, users] = await Promise.all([createTestDatabase(inject("pgAdminUrl"), "notifications"), createUsersTestServer()]);
  const orders = await createOrdersTestServer({ env: { INTERNAL_API_SECRET: TEST_INTERNAL_SECRET } });
  const db = createNotificationsDb(database.url, { poolSize: 6 });
  const env = testEnv(database.url, users, orders, options.env);
  const logger = createLogger({ service: "notifications", level: "silent" });
  const server = await startNotifications(env, logger, { db, sendOnQueue: false, ...options.overrides });
  const replicas: RunningNotifications[] = [];
  return {
    server,
    url: server.url,
    query: graphqlClient(server.url),
    db,
    database,
    users,
    orders,
    async signIn(role = "CUSTOMER") {
      const user = await users.signIn({ role });
      return {
        id: user.id,
        email: user.email,
        role,
        accessToken: user.accessToken,
        query: graphqlClient(server.url, { authorization: `Bearer ${user.accessToken}` }),
      };
    },
    async deliver(type, payload) {
      const event = createEvent("test", type, payload);
      await server.handleEvent(event);
      return event.id;
    },
    async createOrder(userId) {
      const id = randomUUID();
      await orders.db.prisma.order.create({
        data: {
          id,
          userId,
          status: "PAID",
          currency: "USD",
          subtotalAmount: 1000,
          totalAmount: 1000,
          shippingAddress: { fullName: "Test", line1: "1 St", line2: null, city: "X", postalCode: "1", region: null, country: "US" },
        },
      });
      return id;
    },
    async sendDue() {
      while ((await server.deliveries.runOnce()) > 0) {}
    },
    async makeDue(recipientId) {
      await db.prisma.delivery.updateMany({
        where: { recipientId, status: "PENDING" },
        data: { nextAttemptAt: new Date(Date.now() - 1_000) },
      });
    },
    async startReplica(overrides = {}, extra = {}) {
      const replica = await startNotifications({ ...env, ...extra }, logger, { db, sendOnQueue: false, ...overrides });
      replicas.push(replica);
      return replica;
    },
    async stop() {
      for (const replica of replicas) await replica.stop();
      await server.stop();
      await db.close();
      await database.drop();
      await Promise.all([users.stop(), orders.stop()]);
    },
  };
}

/** The fields of a notification most tests read. */
export const NOTIFICATION_FIELDS = /* GraphQL */ `id kind title body link createdAt readAt recipient { id } order { id } product { id }`;

/** `User.notifications` and the unread count, through the entity the router would resolve. */
export const USER_NOTIFICATIONS = /* GraphQL */ `
  query($id: ID!, $first: Int, $after: String, $unreadOnly: Boolean) {
    _entities(representations: [{ __typename: "User", id: $id }]) {
      ... on User {
        unreadNotificationCount
        notifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
          totalCount
          pageInfo { hasNextPage hasPreviousPage endCursor }
          edges { cursor node { ${NOTIFICATION_FIELDS} } }
        }
      }
    }
  }
`;
