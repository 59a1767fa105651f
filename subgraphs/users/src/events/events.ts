/**
 * Domain events of the users subgraph. They are written to the outbox (`outbox_events`) in the
 * transaction of the change they describe (`writeToOutbox` from @amazoff/events); the relay
 * started in server.ts publishes them. Payloads carry ids only (see EVENT_PAYLOADS).
 */

/** The `source` of every event this subgraph publishes. */
export const EVENT_SOURCE = "users";

/**
 * Called after a transaction that wrote outbox rows has committed: the relay publishes them now
 * rather than at its next tick. A no-op without an event queue.
 */
export type EventsCommitted = () => void;
