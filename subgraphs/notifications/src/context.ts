import type { Logger, RequestBase } from "@amazoff/kit";
import type { NotificationsDb } from "./db.ts";
import { DeliveryRepository } from "./deliveries/delivery.repository.ts";
import { ConsumerRepository } from "./events/consumer.repository.ts";
import { createLoaders, type NotificationsLoaders } from "./loaders.ts";
import { NotificationRepository } from "./notifications/notification.repository.ts";
import { NotificationService } from "./notifications/notification.service.ts";
import type { Peers } from "./peers/peers.ts";
import { PreferenceRepository } from "./preferences/preference.repository.ts";
import { PreferenceService } from "./preferences/preference.service.ts";
import { OrderOwnerRepository } from "./realtime/order-owner.repository.ts";
import type { PubSub } from "./realtime/pubsub.ts";
import { RealtimeService } from "./realtime/realtime.service.ts";

/** What a notifications resolver receives: the request (or subscription), its loaders and the services. */
export interface NotificationsContext extends RequestBase {
  loaders: NotificationsLoaders;
  notifications: NotificationService;
  preferences: PreferenceService;
  realtime: RealtimeService;
}

/** Wires repositories and services once per process; `context` is called once per request or subscription. */
export function createNotificationsApp(db: NotificationsDb, options: { pubsub: PubSub; peers: Peers; logger: Logger }) {
  const repos = {
    notifications: new NotificationRepository(db),
    preferences: new PreferenceRepository(db),
    deliveries: new DeliveryRepository(db),
    owners: new OrderOwnerRepository(db),
    consumer: new ConsumerRepository(db),
  };
  const services = {
    notifications: new NotificationService(repos.notifications),
    preferences: new PreferenceService(repos.preferences),
    realtime: new RealtimeService(options.pubsub, repos.owners, options.peers, options.logger.child({ source: "RealtimeService" })),
  };
  return {
    repos,
    services,
    context: (base: RequestBase): NotificationsContext => ({ ...base, ...services, loaders: createLoaders(repos.notifications) }),
  };
}

export type NotificationsApp = ReturnType<typeof createNotificationsApp>;
