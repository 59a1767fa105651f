import { usersApi } from "@amazoff/contracts";
import { startEventPublishing, type EventPublishing } from "@amazoff/events";
import {
  createLogger,
  createRevocationList,
  createTokenVerifier,
  loadTypeDefs,
  refuseRevoked,
  REVOCATIONS_PATH,
  startSubgraphServer,
  type Logger,
  type RevocationList,
  type RunningServer,
} from "@amazoff/kit";
import { GET_ADDRESS_PATH, getAddressRoute } from "./addresses/address.internal.ts";
import { PasswordHasher } from "./auth/password-hasher.ts";
import { ephemeralSigningKeys, loadSigningKeys, type SigningKeys } from "./auth/signing-keys.ts";
import { createUsersApp } from "./context.ts";
import { createUsersDb, type UsersDb } from "./db.ts";
import type { UsersEnv } from "./env.ts";
import { resolvers } from "./resolvers/index.ts";
import { API_KEY_EXCHANGE_PATH, apiKeyExchangeRoute } from "./routes/api-key-exchange.route.ts";
import { revocationFeedRoute } from "./revocations/revocations.internal.ts";
import { JWKS_PATH, jwksRoute } from "./routes/jwks.route.ts";
import { seedDemoAccounts } from "./seed/seed.ts";
import { contactsRoute, staffMembersRoute } from "./users/user-directory.internal.ts";

export const typeDefs = loadTypeDefs(new URL("../schema.graphql", import.meta.url));

/** How often quiet throttle counters and long-ended sessions are deleted. */
const PURGE_INTERVAL_MS = 10 * 60 * 1000;

function signingKeys(env: UsersEnv, logger: Logger): SigningKeys {
  if (env.USERS_SIGNING_KEYS.length) return loadSigningKeys(env.USERS_SIGNING_KEYS);
  // env.ts refuses production without keys; anywhere else a process-local key keeps things running.
  logger.warn("USERS_SIGNING_KEYS is empty: signing with a key generated for this process only (tokens stop verifying after a restart)");
  return ephemeralSigningKeys();
}

/**
 * Starts the users subgraph (used by `src/index.ts` and by the tests). With EVENTS_DATABASE_URL,
 * an outbox relay publishes the domain events (UserRegistered, UserDeleted) to the event queue;
 * without it they wait in the outbox.
 */
export async function startUsers(
  env: UsersEnv,
  logger: Logger = createLogger({ service: "users", level: env.LOG_LEVEL }),
  db: UsersDb = createUsersDb(env.USERS_DATABASE_URL, { poolSize: env.USERS_DB_POOL_SIZE }),
): Promise<RunningServer> {
  let timer: NodeJS.Timeout | undefined;
  let events: EventPublishing | undefined;
  let revocations: RevocationList | undefined;
  let hasher: PasswordHasher | undefined;
  try {
    const keys = signingKeys(env, logger);
    hasher = new PasswordHasher(env.USERS_SCRYPT_COST, { workers: env.USERS_HASH_WORKERS, maxQueue: env.USERS_HASH_QUEUE });
    const publishing = await startEventPublishing({ pool: db.pool, log: logger, eventsUrl: env.EVENTS_DATABASE_URL });
    events = publishing;
    if (env.SEED_DEMO_DATA) await seedDemoAccounts(db, hasher, env.NODE_ENV, logger);
    const app = createUsersApp(db, { keys, hasher, eventsCommitted: () => publishing.relay?.kick() });
    revocations = createRevocationList({ source: (cursor) => app.services.revocations.feed(cursor), log: logger });
    timer = setInterval(
      () => app.purge().catch((error: unknown) => logger.warn({ err: error }, "purge failed")),
      PURGE_INTERVAL_MS,
    ).unref();
    return await startSubgraphServer({
      name: "users",
      typeDefs,
      resolvers,
      port: env.PORT,
      host: env.HOST,
      logger,
      context: app.context,
      // Our own keys and our own revocations, in process: no HTTP round trip to ourselves.
      verifier: refuseRevoked(createTokenVerifier(keys.keySource), revocations),
      routes: {
        [JWKS_PATH]: jwksRoute(keys),
        [REVOCATIONS_PATH]: revocationFeedRoute(app.services.revocations, env.INTERNAL_API_SECRET, logger),
        [API_KEY_EXCHANGE_PATH]: apiKeyExchangeRoute(app.services.apiKeys, env.INTERNAL_API_SECRET, logger),
        [GET_ADDRESS_PATH]: getAddressRoute(app.services.addresses, env.INTERNAL_API_SECRET, logger),
        [usersApi.contacts.path]: contactsRoute(app.services.users, env.INTERNAL_API_SECRET, logger),
        [usersApi.staffMembers.path]: staffMembersRoute(app.services.users, env.INTERNAL_API_SECRET, logger),
      },
      ready: () => db.ping(),
      onStop: async () => {
        clearInterval(timer);
        // Events first: the relay may be publishing through the bus and reading through the pool.
        await publishing.stop();
        await hasher?.close();
        await db.close();
      },
    });
  } catch (error) {
    clearInterval(timer);
    revocations?.stop();
    await hasher?.close();
    await events?.stop().catch(() => {});
    await db.close();
    throw error;
  }
}
