import { randomUUID } from "node:crypto";
import type { EventBus } from "@amazoff/events";
import { createLogger, internalClient, type InternalClient, type Logger, type Role } from "@amazoff/kit";
import { type GraphQLClient, type TestIdentity, graphqlClient, startTestIssuer } from "@amazoff/kit/testing";
import { createTestDatabase, type TestDatabase } from "@amazoff/db/testing";
import { inject } from "vitest";
import { createPaymentsDb, type PaymentsDb } from "../src/db.ts";
import type { PaymentsEnv } from "../src/env.ts";
import type { PaymentProvider } from "../src/provider/payment-provider.ts";
import { TestPaymentProvider } from "../src/provider/test-provider.ts";
import { TestProviderRepository } from "../src/provider/test-provider.repository.ts";
import { startPayments } from "../src/server.ts";

export const TEST_INTERNAL_SECRET = "test-internal-secret-0123456789";

export interface PaymentsTestServer {
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
  db: PaymentsDb;
  database: TestDatabase;
  stop(): Promise<void>;
}

/**
 * A payments subgraph on a random port over a fresh database of its own (copied from the migrated
 * template), with the test provider (or `provider(db)`), verifying tokens against its own JWKS.
 */
export async function createTestServer(
  options: { env?: Partial<PaymentsEnv>; bus?: EventBus | null; provider?: (db: PaymentsDb) => PaymentProvider; logger?: Logger } = {},
): Promise<PaymentsTestServer> {
  const database = await createTestDatabase(inject("pgAdminUrl"), "payments");
  const issuer = await startTestIssuer();
  const db = createPaymentsDb(database.url, { poolSize: 8 });
  const env: PaymentsEnv = {
    PORT: 0,
    HOST: "127.0.0.1",
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    PAYMENTS_DATABASE_URL: database.url,
    PAYMENTS_DB_POOL_SIZE: 8,
    USERS_JWKS_URL: issuer.jwksUrl,
    INTERNAL_API_SECRET: TEST_INTERNAL_SECRET,
    EVENTS_DATABASE_URL: undefined,
    PAYMENTS_PROVIDER: "test",
    // Short, so the timeout card answers quickly; generous enough for a busy CI machine.
    PAYMENTS_PROVIDER_TIMEOUT_MS: 1_000,
    ...options.env,
  };
  const provider = options.provider?.(db) ?? new TestPaymentProvider(new TestProviderRepository(db));
  const server = await startPayments(env, options.logger ?? createLogger({ service: "payments", level: "silent" }), db, {
    bus: options.bus ?? null,
    provider,
  });
  const origin = new URL(server.url).origin;
  return {
    url: server.url,
    origin,
    query: graphqlClient(server.url),
    as: (identity) => graphqlClient(server.url, { authorization: `Bearer ${issuer.tokenFor({ userId: randomUUID(), ...identity })}` }),
    // A long timeout: the tests check outcomes under load, not latency.
    internal: internalClient(origin, TEST_INTERNAL_SECRET, 60_000),
    db,
    database,
    async stop() {
      await server.stop();
      await db.close();
      await issuer.stop();
      await database.drop();
    },
  };
}
