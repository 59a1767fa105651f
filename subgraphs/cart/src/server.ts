import { cartApi } from "@amazoff/contracts";
import type { EventBus } from "@amazoff/events";
import { createLogger, loadTypeDefs, startSubgraphServer, usersTokenVerifier, type Logger, type RunningServer } from "@amazoff/kit";
import { clearCartRoute, getCartRoute } from "./checkout/checkout.internal.ts";
import { createCartApp } from "./context.ts";
import { createCartDb, type CartDb } from "./db.ts";
import type { CartEnv } from "./env.ts";
import { startEventConsumers } from "./events/user-deleted.consumer.ts";
import { catalogPeer } from "./peers/catalog.peer.ts";
import { inventoryPeer } from "./peers/inventory.peer.ts";
import { resolvers } from "./resolvers/index.ts";

export const typeDefs = loadTypeDefs(new URL("../schema.graphql", import.meta.url));

/** How often expired guest carts and old markers are deleted. */
const PURGE_INTERVAL_MS = 10 * 60 * 1000;

/** Starts the cart subgraph (used by `src/index.ts` and by the tests). */
export async function startCart(
  env: CartEnv,
  logger: Logger = createLogger({ service: "cart", level: env.LOG_LEVEL }),
  db: CartDb = createCartDb(env.CART_DATABASE_URL, { poolSize: env.CART_DB_POOL_SIZE }),
): Promise<RunningServer> {
  let timer: NodeJS.Timeout | undefined;
  let bus: EventBus | undefined;
  try {
    const peer = { secret: env.INTERNAL_API_SECRET, timeoutMs: env.CART_PEER_TIMEOUT_MS, log: logger };
    const app = createCartApp(db, {
      catalog: catalogPeer({ ...peer, baseUrl: env.CATALOG_INTERNAL_URL }),
      inventory: inventoryPeer({ ...peer, baseUrl: env.INVENTORY_INTERNAL_URL }),
      guestTtlDays: env.CART_GUEST_TTL_DAYS,
      currency: env.CART_CURRENCY,
    });
    if (env.EVENTS_DATABASE_URL) bus = await startEventConsumers({ connectionString: env.EVENTS_DATABASE_URL, pool: db.pool, log: logger });
    else logger.warn("EVENTS_DATABASE_URL is not set: UserDeleted is not consumed (no GDPR erasure of carts)");
    timer = setInterval(() => {
      app.purge().then(
        (purged) => logger.debug(purged, "purged expired carts"),
        (error: unknown) => logger.warn({ err: error }, "purge failed"),
      );
    }, PURGE_INTERVAL_MS).unref();
    return await startSubgraphServer({
      name: "cart",
      typeDefs,
      resolvers,
      port: env.PORT,
      host: env.HOST,
      logger,
      context: app.context,
      verifier: usersTokenVerifier({ jwksUrl: env.USERS_JWKS_URL, internalSecret: env.INTERNAL_API_SECRET, log: logger }),
      routes: {
        [cartApi.cartContents.path]: getCartRoute(app.checkout, env.INTERNAL_API_SECRET, logger),
        [cartApi.clearCheckedOut.path]: clearCartRoute(app.checkout, env.INTERNAL_API_SECRET, logger),
      },
      ready: () => db.ping(),
      onStop: async () => {
        clearInterval(timer);
        await bus?.stop();
        await db.close();
      },
    });
  } catch (error) {
    clearInterval(timer);
    await bus?.stop().catch(() => {});
    await db.close();
    throw error;
  }
}
