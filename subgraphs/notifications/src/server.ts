import path from "node:path";
import type { EventBus } from "@amazoff/events";
import { createLogger, loadTypeDefs, startSubgraphServer, usersTokenVerifier, type Logger, type RunningServer } from "@amazoff/kit";
import { createNotificationsApp, type NotificationsApp } from "./context.ts";
import { createNotificationsDb, type NotificationsDb } from "./db.ts";
import { startDeliveryWorker, type DeliveryWorker } from "./deliveries/delivery-worker.ts";
import {
  allEmailSenders,
  emlFileEmailSender,
  fileSmsSender,
  smtpEmailSender,
  type EmailSender,
  type SmsSender,
} from "./deliveries/senders.ts";
import type { NotificationsEnv } from "./env.ts";
import { CONSUMED_EVENTS, CONSUMER, notificationEventHandler, startEventConsumers } from "./events/notification-consumer.ts";
import { createPeers, type Peers } from "./peers/peers.ts";
import { memoryPubSub, type PubSub } from "./realtime/pubsub.ts";
import { redisPubSub } from "./realtime/redis-pubsub.ts";
import { resolvers } from "./resolvers/index.ts";

export const typeDefs = loadTypeDefs(new URL("../schema.graphql", import.meta.url));

/** How often old "processed" markers are forgotten, and how old they must be. */
const PURGE_INTERVAL_MS = 60 * 60 * 1000;
const MARKER_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

export interface RunningNotifications extends RunningServer {
  app: NotificationsApp;
  deliveries: DeliveryWorker;
  /** The event handler the queue calls (tests call it directly too). */
  handleEvent: ReturnType<typeof notificationEventHandler>;
}

/** Parts a test (or another deployment) may provide instead of those the environment describes. */
export interface NotificationsOverrides {
  db?: NotificationsDb;
  pubsub?: PubSub;
  peers?: Peers;
  email?: EmailSender;
  sms?: SmsSender | null;
  /** An open event queue to consume from (the caller closes it). */
  bus?: EventBus;
  /** false: queued deliveries wait for the worker's next tick instead of waking it (tests drive it). */
  sendOnQueue?: boolean;
}

/** Email: SMTP when configured, and in development an .eml file of each message too. */
function emailSender(env: NotificationsEnv, logger: Logger): EmailSender {
  const senders: EmailSender[] = [];
  if (env.NOTIFICATIONS_OUTBOX_DIR) senders.push(emlFileEmailSender({ dir: env.NOTIFICATIONS_OUTBOX_DIR, from: env.SMTP_FROM }));
  if (env.SMTP_URL) senders.push(smtpEmailSender({ url: env.SMTP_URL, from: env.SMTP_FROM }));
  if (senders.length === 0) {
    logger.warn("neither SMTP_URL nor NOTIFICATIONS_OUTBOX_DIR is set: emails cannot be sent and will be retried until they fail");
    senders.push({
      async send() {
        throw new Error("no email transport configured (SMTP_URL)");
      },
    });
  }
  return allEmailSenders(senders);
}

function smsSender(env: NotificationsEnv, logger: Logger): SmsSender | null {
  if (env.NOTIFICATIONS_SMS_PROVIDER === "none") return null;
  if (!env.NOTIFICATIONS_OUTBOX_DIR) {
    logger.warn("the file SMS provider needs NOTIFICATIONS_OUTBOX_DIR: SMS are not sent");
    return null;
  }
  return fileSmsSender(env.NOTIFICATIONS_OUTBOX_DIR);
}

/**
 * Starts the notifications subgraph: GraphQL over HTTP and subscriptions over graphql-ws on
 * /graphql, the event consumers (with EVENTS_DATABASE_URL) and the delivery worker.
 */
export async function startNotifications(
  env: NotificationsEnv,
  logger: Logger = createLogger({ service: "notifications", level: env.LOG_LEVEL }),
  overrides: NotificationsOverrides = {},
): Promise<RunningNotifications> {
  const db = overrides.db ?? createNotificationsDb(env.NOTIFICATIONS_DATABASE_URL, { poolSize: env.NOTIFICATIONS_DB_POOL_SIZE });
  let pubsub: PubSub | undefined;
  let bus: EventBus | undefined;
  let worker: DeliveryWorker | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    pubsub = overrides.pubsub ?? (env.NOTIFICATIONS_REDIS_URL ? await redisPubSub(env.NOTIFICATIONS_REDIS_URL, logger) : memoryPubSub());
    const peers =
      overrides.peers ??
      createPeers({
        usersUrl: env.USERS_INTERNAL_URL,
        ordersUrl: env.ORDERS_INTERNAL_URL,
        secret: env.INTERNAL_API_SECRET,
        timeoutMs: env.NOTIFICATIONS_PEER_TIMEOUT_MS,
      });
    const app = createNotificationsApp(db, { pubsub, peers, logger });
    const sms = overrides.sms !== undefined ? overrides.sms : smsSender(env, logger);
    const deliveries = startDeliveryWorker({
      deliveries: app.repos.deliveries,
      preferences: app.repos.preferences,
      peers,
      email: overrides.email ?? emailSender(env, logger),
      sms,
      shop: { name: env.SHOP_NAME, url: env.SHOP_URL },
      log: logger,
      maxAttempts: env.NOTIFICATIONS_DELIVERY_MAX_ATTEMPTS,
      retryBaseMs: env.NOTIFICATIONS_DELIVERY_RETRY_MS,
      intervalMs: env.NOTIFICATIONS_DELIVERY_INTERVAL_MS,
      leaseMs: env.NOTIFICATIONS_DELIVERY_LEASE_MS,
    });
    worker = deliveries;
    const handleEvent = notificationEventHandler({
      pool: db.pool,
      ...app.repos,
      peers,
      realtime: app.services.realtime,
      shopName: env.SHOP_NAME,
      smsEnabled: sms !== null,
      deliveriesQueued: () => {
        if (overrides.sendOnQueue ?? true) deliveries.kick();
      },
      log: logger,
    });
    if (overrides.bus) {
      await overrides.bus.subscribe(CONSUMER, CONSUMED_EVENTS, handleEvent);
    } else if (env.EVENTS_DATABASE_URL) {
      bus = await startEventConsumers({ connectionString: env.EVENTS_DATABASE_URL, handler: handleEvent, log: logger });
    } else {
      logger.warn("EVENTS_DATABASE_URL is not set: no domain event is consumed (no notification is made)");
    }
    timer = setInterval(() => {
      app.repos.consumer
        .purgeMarkers(new Date(Date.now() - MARKER_RETENTION_MS))
        .catch((error: unknown) => logger.warn({ err: error }, "purge of processed-event markers failed"));
    }, PURGE_INTERVAL_MS).unref();
    if (env.NOTIFICATIONS_OUTBOX_DIR)
      logger.info({ dir: path.resolve(env.NOTIFICATIONS_OUTBOX_DIR) }, "emails are also written as .eml files");
    const activePubsub = pubsub;
    const server = await startSubgraphServer({
      name: "notifications",
      typeDefs,
      resolvers,
      port: env.PORT,
      host: env.HOST,
      logger,
      context: app.context,
      verifier: usersTokenVerifier({ jwksUrl: env.USERS_JWKS_URL, internalSecret: env.INTERNAL_API_SECRET, log: logger }),
      subscriptions: true,
      ready: () => db.ping(),
      onStop: async () => {
        clearInterval(timer);
        await bus?.stop();
        await deliveries.stop();
        if (!overrides.pubsub) await activePubsub.close();
        if (!overrides.db) await db.close();
      },
    });
    return { ...server, app, deliveries, handleEvent };
  } catch (error) {
    clearInterval(timer);
    await bus?.stop().catch(() => {});
    await worker?.stop().catch(() => {});
    if (!overrides.pubsub) await pubsub?.close().catch(() => {});
    if (!overrides.db) await db.close();
    throw error;
  }
}
