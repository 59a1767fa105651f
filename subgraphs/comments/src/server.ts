import { startEventPublishing, type EventBus, type EventPublishing } from "@amazoff/events";
import { createLogger, loadTypeDefs, startSubgraphServer, usersTokenVerifier, type Logger, type RunningServer } from "@amazoff/kit";
import { createCommentsApp } from "./context.ts";
import { createCommentsDb, type CommentsDb } from "./db.ts";
import type { CommentsEnv } from "./env.ts";
import { CONSUMER, userDeletedHandler } from "./events/user-deleted.consumer.ts";
import { catalogPeer } from "./peers/catalog.peer.ts";
import { eventsPeer } from "./peers/events.peer.ts";
import { resolvers } from "./resolvers/index.ts";
import { seedComments } from "./seed/seed.ts";

export const typeDefs = loadTypeDefs(new URL("../schema.graphql", import.meta.url));

/** How often full rate-limit buckets are forgotten. */
const PURGE_INTERVAL_MS = 10 * 60 * 1000;

export interface CommentsDependencies {
  /** An open event bus to relay to and consume from (tests); by default one is opened on EVENTS_DATABASE_URL. */
  bus?: EventBus | null;
}

/** Starts the comments subgraph (used by `src/index.ts` and by the tests). */
export async function startComments(
  env: CommentsEnv,
  logger: Logger = createLogger({ service: "comments", level: env.LOG_LEVEL }),
  db: CommentsDb = createCommentsDb(env.COMMENTS_DATABASE_URL, { poolSize: env.COMMENTS_DB_POOL_SIZE }),
  dependencies: CommentsDependencies = {},
): Promise<RunningServer> {
  let timer: NodeJS.Timeout | undefined;
  let events: EventPublishing | undefined;
  try {
    if (env.SEED_DEMO_DATA) logger.info(await seedComments(db), "demo comments ready");
    const peer = { secret: env.INTERNAL_API_SECRET, timeoutMs: env.COMMENTS_PEER_TIMEOUT_MS, log: logger };
    const app = createCommentsApp(db, {
      catalog: catalogPeer({ ...peer, baseUrl: env.CATALOG_INTERNAL_URL }),
      events: eventsPeer({ ...peer, baseUrl: env.EVENTS_INTERNAL_URL }),
      rates: {
        user: { burst: env.COMMENTS_USER_BURST, perMinute: env.COMMENTS_USER_PER_MINUTE },
        apiKey: { burst: env.COMMENTS_API_KEY_BURST, perMinute: env.COMMENTS_API_KEY_PER_MINUTE },
      },
    });
    events = await startEventPublishing({ pool: db.pool, log: logger, bus: dependencies.bus, eventsUrl: env.EVENTS_DATABASE_URL });
    if (events.bus) await events.bus.subscribe(CONSUMER, ["UserDeleted"], userDeletedHandler(db.pool, logger));
    else logger.warn("no event queue: UserDeleted is not consumed (no GDPR erasure of comments)");
    timer = setInterval(() => {
      app.purge().then(
        (purged) => logger.debug({ purged }, "purged full rate-limit buckets"),
        (error: unknown) => logger.warn({ err: error }, "purge failed"),
      );
    }, PURGE_INTERVAL_MS).unref();
    const started = events;
    return await startSubgraphServer({
      name: "comments",
      typeDefs,
      resolvers,
      port: env.PORT,
      host: env.HOST,
      logger,
      context: app.context,
      verifier: usersTokenVerifier({ jwksUrl: env.USERS_JWKS_URL, internalSecret: env.INTERNAL_API_SECRET, log: logger }),
      ready: () => db.ping(),
      // The HTTP server has stopped: no new work can start. Background work next, the pool last.
      onStop: async () => {
        clearInterval(timer);
        await started.stop();
        await db.close();
      },
    });
  } catch (error) {
    clearInterval(timer);
    await events?.stop().catch(() => {});
    await db.close();
    throw error;
  }
}
