/**
 * The close codes the router ends a WebSocket connection with, beside graphql-ws's own (4400 bad
 * request, 4406 subprotocol, 4408 no connection_init in time, 4409 duplicate id, 4500 internal).
 * graphql-ws clients reconnect on their own after a close code they do not know as fatal; 4401
 * and 4429 are fatal to them (reconnecting with the same credential cannot help), 4413 is not.
 */
export const CloseCode = {
  /** The credential was refused at connection_init, or it expired or was revoked since. Reconnect with a fresh one. */
  UNAUTHORIZED: 4401,
  /** The user already holds as many connections as the router allows (SUBSCRIPTION_CONNECTIONS_PER_USER). */
  TOO_MANY_CONNECTIONS: 4429,
  /** The client did not read its messages: its backlog passed SUBSCRIPTION_MAX_BUFFERED_BYTES. */
  SLOW_CONSUMER: 4413,
  /** The router is stopping. */
  GOING_AWAY: 1001,
} as const;
