import type { EventBus } from "@amazoff/events";
import { createLogger, loadTypeDefs, startSubgraphServer, usersTokenVerifier, type Logger, type RunningServer } from "@amazoff/kit";
import { createPaymentsApp } from "./context.ts";
import { createPaymentsDb, type PaymentsDb } from "./db.ts";
import type { PaymentsEnv } from "./env.ts";
import { startEventPublishing, type EventPublishing } from "@amazoff/events";
import type { PaymentProvider } from "./provider/payment-provider.ts";
import { TestPaymentProvider } from "./provider/test-provider.ts";
import { TestProviderRepository } from "./provider/test-provider.repository.ts";
import { resolvers } from "./resolvers/index.ts";
import { paymentsInternalRoutes } from "./routes/internal-routes.ts";

export const typeDefs = loadTypeDefs(new URL("../schema.graphql", import.meta.url));

export interface PaymentsDependencies {
  /** An open event bus to relay to (tests); by default one is opened on EVENTS_DATABASE_URL. */
  bus?: EventBus | null;
  /** The card processor; by default the one PAYMENTS_PROVIDER names. */
  provider?: PaymentProvider;
}

/** env.ts refuses the test provider in production: a process that gets here with it is not in production. */
function providerFor(env: PaymentsEnv, db: PaymentsDb): PaymentProvider {
  switch (env.PAYMENTS_PROVIDER) {
    case "test":
      return new TestPaymentProvider(new TestProviderRepository(db));
  }
}

/** Starts the payments subgraph (used by `src/index.ts` and by the tests). */
export async function startPayments(
  env: PaymentsEnv,
  logger: Logger = createLogger({ service: "payments", level: env.LOG_LEVEL }),
  db: PaymentsDb = createPaymentsDb(env.PAYMENTS_DATABASE_URL, { poolSize: env.PAYMENTS_DB_POOL_SIZE }),
  dependencies: PaymentsDependencies = {},
): Promise<RunningServer> {
  let events: EventPublishing | undefined;
  try {
    const provider = dependencies.provider ?? providerFor(env, db);
    const app = createPaymentsApp(db, { provider, providerTimeoutMs: env.PAYMENTS_PROVIDER_TIMEOUT_MS, logger });
    events = await startEventPublishing({ pool: db.pool, log: logger, bus: dependencies.bus, eventsUrl: env.EVENTS_DATABASE_URL });
    const started = events;
    return await startSubgraphServer({
      name: "payments",
      typeDefs,
      resolvers,
      port: env.PORT,
      host: env.HOST,
      logger,
      context: app.context,
      verifier: usersTokenVerifier({ jwksUrl: env.USERS_JWKS_URL, internalSecret: env.INTERNAL_API_SECRET, log: logger }),
      routes: paymentsInternalRoutes({
        secret: env.INTERNAL_API_SECRET,
        authorizations: app.authorizations,
        settlements: app.settlements,
        payments: app.repository,
        log: logger,
      }),
      ready: () => db.ping(),
      // The HTTP server has stopped: no new work can start. The relay next, the pool last.
      onStop: async () => {
        await started.stop();
        await db.close();
      },
    });
  } catch (error) {
    await events?.stop();
    await db.close();
    throw error;
  }
}
