/**
 * Publish/subscribe between the replicas of the notifications subgraph. The replica that consumes
 * an event (the durable queue gives each event to one replica) publishes it once; every replica
 * hears it once and hands it to its own subscribers, so each subscriber gets it exactly once
 * whichever replica its connection reached.
 */
export interface PubSub {
  /** Sends `message` (JSON-serialisable) to every listener of `topic`, on every replica. */
  publish(topic: string, message: unknown): Promise<void>;
  /**
   * Calls `listener` with each message published on `topic` from now on, until the returned
   * function is called. Resolves once the subscription is in place (no message published after
   * that is missed).
   */
  subscribe(topic: string, listener: (message: unknown) => void): Promise<() => void>;
  close(): Promise<void>;
}

/**
 * Listeners of this process by topic; the pub/sub implementations deliver through it, so a topic
 * has one subscription to the transport however many local subscribers it has.
 */
export class LocalListeners {
  private readonly byTopic = new Map<string, Set<(message: unknown) => void>>();

  /** Adds a listener; true when it is the topic's first (subscribe to the transport then). */
  add(topic: string, listener: (message: unknown) => void): boolean {
    const existing = this.byTopic.get(topic);
    if (existing) {
      existing.add(listener);
      return false;
    }
    this.byTopic.set(topic, new Set([listener]));
    return true;
  }

  /** Removes a listener; true when it was the topic's last (unsubscribe from the transport then). */
  remove(topic: string, listener: (message: unknown) => void): boolean {
    const listeners = this.byTopic.get(topic);
    if (!listeners?.delete(listener)) return false;
    if (listeners.size > 0) return false;
    this.byTopic.delete(topic);
    return true;
  }

  deliver(topic: string, message: unknown): void {
    for (const listener of [...(this.byTopic.get(topic) ?? [])]) listener(message);
  }

  has(topic: string): boolean {
    return this.byTopic.has(topic);
  }
}

/** In-process pub/sub: the default, for a single replica (`npm start`). */
export function memoryPubSub(): PubSub {
  const local = new LocalListeners();
  return {
    async publish(topic, message) {
      // A copy, as Redis would deliver: no subscriber shares the publisher's object.
      local.deliver(topic, JSON.parse(JSON.stringify(message)));
    },
    async subscribe(topic, listener) {
      local.add(topic, listener);
      return () => void local.remove(topic, listener);
    },
    async close() {},
  };
}
