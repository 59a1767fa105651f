import type { Logger } from "@amazoff/kit";
import { Redis } from "ioredis";
import { LocalListeners, type PubSub } from "./pubsub.ts";

/** Channels are namespaced, so the Redis can be shared with other uses. */
const PREFIX = "amazoff:notifications:";

/**
 * Pub/sub through Redis (PUBLISH / SUBSCRIBE): one connection publishes, one subscribes. The
 * replica subscribes to a channel while it has at least one local listener for it, so each
 * message crosses the network once per replica that needs it, and is handed to each local
 * listener once.
 */
export async function redisPubSub(url: string, log: Logger): Promise<PubSub> {
  const logger = log.child({ source: "redis-pubsub" });
  const options = { lazyConnect: true, maxRetriesPerRequest: 3 } as const;
  const publisher = new Redis(url, options);
  const subscriber = new Redis(url, options);
  for (const [name, client] of [
    ["publisher", publisher],
    ["subscriber", subscriber],
  ] as const) {
    client.on("error", (error: unknown) => logger.warn({ err: error, connection: name }, "redis connection error"));
  }
  await Promise.all([publisher.connect(), subscriber.connect()]);
  const local = new LocalListeners();
  // One SUBSCRIBE/UNSUBSCRIBE in flight per channel, in order.
  const pending = new Map<string, Promise<unknown>>();
  const serially = (channel: string, work: () => Promise<unknown>): Promise<unknown> => {
    const next = (pending.get(channel) ?? Promise.resolve()).then(work, work);
    pending.set(channel, next);
    void next.finally(() => {
      if (pending.get(channel) === next) pending.delete(channel);
    });
    return next;
  };

  subscriber.on("message", (channel: string, text: string) => {
    if (!channel.startsWith(PREFIX)) return;
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch (error) {
      logger.error({ err: error, channel }, "dropping a message that is not JSON");
      return;
    }
    local.deliver(channel.slice(PREFIX.length), message);
  });

  return {
    async publish(topic, message) {
      await publisher.publish(PREFIX + topic, JSON.stringify(message));
    },
    async subscribe(topic, listener) {
      const channel = PREFIX + topic;
      const first = local.add(topic, listener);
      if (first) await serially(channel, () => subscriber.subscribe(channel));
      else await pending.get(channel);
      return () => {
        if (local.remove(topic, listener)) {
          void serially(channel, async () => {
            // A listener may have come back while this waited its turn.
            if (!local.has(topic)) await subscriber.unsubscribe(channel);
          }).catch((error: unknown) => logger.warn({ err: error, channel }, "unsubscribe failed"));
        }
      };
    },
    async close() {
      await Promise.all([publisher.quit().catch(() => publisher.disconnect()), subscriber.quit().catch(() => subscriber.disconnect())]);
    },
  };
}
