import type { IncomingMessage, Server as HttpServer } from "node:http";
import type { Duplex } from "node:stream";
import { MAX_BODY_BYTES, type Logger } from "@amazoff/kit";
import { handleProtocols, type Server } from "graphql-ws";
import WebSocket, { WebSocketServer } from "ws";
import { CloseCode } from "./close-codes.ts";
import { createHeartbeat } from "./heartbeat.ts";
import { createOutbound } from "./outbound.ts";
import type { ConnectionExtra } from "./subscription-server.ts";

export interface WebSocketTransportOptions {
  /** The path WebSockets are accepted on: the GraphQL endpoint's own. */
  path: string;
  server: Server<ConnectionExtra>;
  /** Whether the router serves yet (the supergraph is loaded); before, an upgrade is answered 503. */
  ready(): boolean;
  clientAddressOf(request: IncomingMessage): string;
  /** Keep-alive ping interval (0: none). */
  keepAliveMs: number;
  /** A client whose unread backlog passes this is dropped (outbound.ts). */
  maxBufferedBytes: number;
  logger: Logger;
}

export interface WebSocketTransport {
  /** Open sockets, authenticated or not. */
  readonly sockets: number;
  /** Closes every connection (1001) and stops accepting new ones. */
  close(graceMs?: number): Promise<void>;
}

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
}

/**
 * graphql-ws over the router's own HTTP server: an upgrade on the GraphQL path (so the same URL
 * serves HTTP and WebSocket clients, as Apollo Sandbox and Apollo Client expect) becomes a
 * WebSocket speaking `graphql-transport-ws` to the protocol server. This replaces graphql-ws's
 * `useServer` adapter for three things the router needs: sends that never wait for the client
 * (with the slow-consumer drop, outbound.ts), one keep-alive timer for all connections
 * (heartbeat.ts), and the router's logger instead of the console.
 */
export function attachWebSocketTransport(http: HttpServer, options: WebSocketTransportOptions): WebSocketTransport {
  const log = options.logger.child({ source: "websocket" });
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => handleProtocols(protocols),
    maxPayload: MAX_BODY_BYTES,
    // Compression costs CPU and memory per connection, for small JSON messages.
    perMessageDeflate: false,
  });
  const heartbeat = createHeartbeat({
    intervalMs: options.keepAliveMs,
    onDead: () => log.debug("connection did not answer the keep-alive ping; terminated"),
  });

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const { pathname } = new URL(request.url ?? "/", "http://localhost");
    if (pathname !== options.path) return refuseUpgrade(socket, 404, "Not Found");
    if (!options.ready()) return refuseUpgrade(socket, 503, "Service Unavailable");
    wss.handleUpgrade(request, socket, head, (ws) => accept(ws, request));
  };
  http.on("upgrade", onUpgrade);

  function accept(ws: WebSocket, request: IncomingMessage): void {
    const clientAddress = options.clientAddressOf(request);
    heartbeat.track(ws);
    const outbound = createOutbound(ws, {
      maxBufferedBytes: options.maxBufferedBytes,
      closeCode: CloseCode.SLOW_CONSUMER,
      onDrop: (bufferedBytes) => log.warn({ clientAddress, bufferedBytes }, "slow consumer dropped: its messages were not read"),
    });
    const close = (code: number, reason: string) => {
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(code, reason);
    };
    // A socket error (a reset, a protocol violation) is followed by its close; nothing to add.
    ws.on("error", (error) => log.debug({ err: error, clientAddress }, "websocket error"));
    const extra: ConnectionExtra = { request, clientAddress, close, closed: false };
    const closed = options.server.opened(
      {
        protocol: ws.protocol,
        send: (data) => outbound.send(data),
        close,
        onMessage: (handle) =>
          ws.on("message", (data: Buffer) => {
            handle(data.toString("utf8")).catch((error: unknown) => {
              log.error({ err: error, clientAddress }, "websocket message handling failed");
              close(4500, "Internal server error");
            });
          }),
      },
      extra,
    );
    ws.once("close", (code, reason) => {
      extra.closed = true;
      heartbeat.untrack(ws);
      closed(code, reason.toString("utf8")).catch((error: unknown) => log.error({ err: error }, "websocket close handling failed"));
    });
  }

  return {
    get sockets() {
      return wss.clients.size;
    },
    async close(graceMs = 1_000) {
      http.off("upgrade", onUpgrade);
      heartbeat.stop();
      const open = [...wss.clients];
      for (const ws of open) ws.close(CloseCode.GOING_AWAY, "The router is stopping");
      await Promise.race([
        Promise.all(
          open.map((ws) => (ws.readyState === WebSocket.CLOSED ? undefined : new Promise((resolve) => ws.once("close", resolve)))),
        ),
        new Promise((resolve) => setTimeout(resolve, graceMs).unref()),
      ]);
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
