import type { EventBus } from "@amazoff/events";
import { createLogger, loadTypeDefs, startSubgraphServer, usersTokenVerifier, type Logger, type RunningServer } from "@amazoff/kit";
import { createInventoryApp } from "./context.ts";
import { createInventoryDb, type InventoryDb } from "./db.ts";
import type { InventoryEnv } from "./env.ts";
import { startEventPublishing, type EventPublishing } from "@amazoff/events";
import { startExpirySweeper, type ExpirySweeper } from "./reservations/expiry-sweeper.ts";
import { resolvers } from "./resolvers/index.ts";
import { inventoryInternalRoutes } from "./routes/internal-routes.ts";
import { seedInventory } from "./seed/seed.ts";

export const typeDefs = loadTypeDefs(new URL("../schema.graphql", import.meta.url));

export interface InventoryServer extends RunningServer {
  /** The expiry sweeper (tests sweep on demand). */
  sweeper: ExpirySweeper;
}

export interface InventoryDependencies {
  /** An open event bus to relay to (tests); by default one is opened on EVENTS_DATABASE_URL. */
  bus?: EventBus | null;
}

/** Starts the inventory subgraph (used by `src/index.ts` and by the tests). */
export async function startInventory(
  env: InventoryEnv,
  logger: Logger = createLogger({ service: "inventory", level: env.LOG_LEVEL }),
  db: InventoryDb = createInventoryDb(env.INVENTORY_DATABASE_URL, { poolSize: env.INVENTORY_DB_POOL_SIZE }),
  dependencies: InventoryDependencies = {},
): Promise<InventoryServer> {
  let events: EventPublishing | undefined;
  let sweeper: ExpirySweeper | undefined;
  try {
    if (env.SEED_DEMO_DATA) logger.info(await seedInventory(db), "demo stock ready");
    const app = createInventoryApp(db, logger);
    events = await startEventPublishing({ pool: db.pool, log: logger, bus: dependencies.bus, eventsUrl: env.EVENTS_DATABASE_URL });
    sweeper = startExpirySweeper({ reservations: app.reservations, intervalMs: env.INVENTORY_SWEEP_INTERVAL_MS, log: logger });
    const started = { events, sweeper };
    const server = await startSubgraphServer({
      name: "inventory",
      typeDefs,
      resolvers,
      port: env.PORT,
      host: env.HOST,
      logger,
      context: app.context,
      verifier: usersTokenVerifier({ jwksUrl: env.USERS_JWKS_URL, internalSecret: env.INTERNAL_API_SECRET, log: logger }),
      routes: inventoryInternalRoutes({ secret: env.INTERNAL_API_SECRET, reservations: app.reservations, log: logger }),
      ready: () => db.ping(),
      // The HTTP server has stopped: no new work can start. Background loops next, the pool last.
      onStop: async () => {
        await started.sweeper.stop();
        await started.events.stop();
        await db.close();
      },
    });
    return { ...server, sweeper };
  } catch (error) {
    await sweeper?.stop();
    await events?.stop();
    await db.close();
    throw error;
  }
}
