import { ordersApi } from "@amazoff/contracts";
import { startEventPublishing, type EventPublishing } from "@amazoff/events";
import { createLogger, loadTypeDefs, startSubgraphServer, usersTokenVerifier, type Logger, type RunningServer } from "@amazoff/kit";
import { CheckoutService } from "./checkout/checkout.service.ts";
import { startRecovery, type Recovery } from "./checkout/recovery.ts";
import { SagaRunner } from "./checkout/saga-runner.ts";
import { checkoutSteps } from "./checkout/saga-steps.ts";
import { SagaRepository } from "./checkout/saga.repository.ts";
import { contextFactory } from "./context.ts";
import { createOrdersDb, type OrdersDb } from "./db.ts";
import type { OrdersEnv } from "./env.ts";
import { userDeletedHandler } from "./gdpr.ts";
import { orderOwnerRoute } from "./orders/order-owner.internal.ts";
import { OrderCompensationService } from "./orders/order-compensation.service.ts";
import { OrderRepository } from "./orders/order.repository.ts";
import { OrderService } from "./orders/order.service.ts";
import { createPeers, type Peers } from "./peers/peers.ts";
import { resolvers } from "./resolvers/index.ts";

export const typeDefs = loadTypeDefs(new URL("../schema.graphql", import.meta.url));

export interface RunningOrders extends RunningServer {
  recovery: Recovery;
  db: OrdersDb;
}

/** Starts the orders subgraph with its saga recovery, outbox relay and event consumer. */
export async function startOrders(
  env: OrdersEnv,
  logger: Logger = createLogger({ service: "orders", level: env.LOG_LEVEL }),
  overrides: { db?: OrdersDb; peers?: Peers } = {},
): Promise<RunningOrders> {
  const db = overrides.db ?? createOrdersDb(env.ORDERS_DATABASE_URL, { poolSize: env.ORDERS_DB_POOL_SIZE });
  const peers = overrides.peers ?? createPeers(env);
  let events: EventPublishing | undefined;
  let recovery: Recovery | undefined;
  try {
    const publishing = await startEventPublishing({ pool: db.pool, log: logger, eventsUrl: env.EVENTS_DATABASE_URL });
    events = publishing;
    const orderRepository = new OrderRepository(db);
    const sagas = new SagaRepository(db, env.SAGA_LEASE_MS);
    const onEvents = () => publishing.relay?.kick();
    const steps = checkoutSteps({ peers, orders: orderRepository, reservationTtlSeconds: env.RESERVATION_TTL_SECONDS, onEvents });
    const runner = new SagaRunner(steps, sagas, { fault: env.ORDERS_FAULT });
    const checkout = new CheckoutService(sagas, peers, runner);
    const compensations = new OrderCompensationService(orderRepository, peers, env.SAGA_LEASE_MS);
    const orders = new OrderService(orderRepository, compensations, { compensationLeaseMs: env.SAGA_LEASE_MS, onEvents });
    await publishing.bus?.subscribe("orders", ["UserDeleted"], userDeletedHandler(db.pool, orderRepository));
    recovery = startRecovery(sagas, runner, compensations, { intervalMs: env.SAGA_RECOVERY_INTERVAL_MS, log: logger });
    // Checkouts a previous process left half-way are settled before new ones come in.
    await recovery.runOnce();
    const activeRecovery = recovery;
    const server = await startSubgraphServer({
      name: "orders",
      typeDefs,
      resolvers,
      port: env.PORT,
      host: env.HOST,
      logger,
      context: contextFactory(orderRepository, { orders, checkout }),
      verifier: usersTokenVerifier({ jwksUrl: env.USERS_JWKS_URL, internalSecret: env.INTERNAL_API_SECRET, log: logger }),
      routes: { [ordersApi.orderOwner.path]: orderOwnerRoute(orders, env.INTERNAL_API_SECRET, logger) },
      ready: () => db.ping(),
      onStop: async () => {
        await activeRecovery.stop();
        await publishing.stop();
        await db.close();
      },
    });
    return { ...server, recovery: activeRecovery, db };
  } catch (error) {
    await recovery?.stop();
    await events?.stop().catch(() => {});
    await db.close();
    throw error;
  }
}
