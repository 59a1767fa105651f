/** What the heartbeat needs of a WebSocket (the `ws` library's). */
export interface HeartbeatSocket {
  ping(): void;
  terminate(): void;
  on(event: "pong", listener: () => void): unknown;
}

export interface Heartbeat {
  /** Starts watching a socket that just opened. */
  track(socket: HeartbeatSocket): void;
  /** Stops watching a socket that closed. */
  untrack(socket: HeartbeatSocket): void;
  stop(): void;
}

/**
 * Keep-alive for every connection with one timer: each round pings every socket, and terminates
 * those that did not answer the previous round's ping (WebSocket pong frames, which browsers send
 * on their own). Traffic keeps proxies and load balancers from closing idle connections, and a
 * client that vanished (a laptop closed, a network gone, no TCP close ever sent) is noticed
 * within two intervals instead of holding its subscriptions forever. One timer rather than one
 * per socket: the router holds thousands of idle connections. `intervalMs` 0 turns it off.
 */
export function createHeartbeat(options: { intervalMs: number; onDead?: (socket: HeartbeatSocket) => void }): Heartbeat {
  /** Socket -> whether it answered since the last ping. */
  const answered = new Map<HeartbeatSocket, boolean>();
  const timer =
    options.intervalMs > 0
      ? setInterval(() => {
          for (const [socket, alive] of answered) {
            if (!alive) {
              answered.delete(socket);
              options.onDead?.(socket);
              socket.terminate();
              continue;
            }
            answered.set(socket, false);
            socket.ping();
          }
        }, options.intervalMs).unref()
      : undefined;
  return {
    track(socket) {
      if (!timer) return;
      answered.set(socket, true);
      socket.on("pong", () => {
        if (answered.has(socket)) answered.set(socket, true);
      });
    },
    untrack: (socket) => void answered.delete(socket),
    stop: () => clearInterval(timer),
  };
}
