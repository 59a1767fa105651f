import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * What the proxy does with each request: pass it on, or fail the way a sick subgraph does
 * (drop the connection, never answer, answer with an error page, or with a given response).
 */
export type FaultMode = "forward" | "reset" | "hang" | "html500" | { status: number; body: unknown };

export interface FaultProxy {
  /** The subgraph's GraphQL URL through the proxy. */
  url: string;
  mode: FaultMode;
  close(): Promise<void>;
}

/** Sits in front of a subgraph (every path: /graphql and /health) and misbehaves on demand. */
export async function startFaultProxy(targetOrigin: string): Promise<FaultProxy> {
  const state: { mode: FaultMode } = { mode: "forward" };
  const server = http.createServer(async (req, res) => {
    const mode = state.mode;
    if (mode === "reset") return void req.socket.destroy();
    if (mode === "hang") return;
    if (mode === "html500") {
      res.writeHead(500, { "content-type": "text/html" });
      return void res.end("<html><body>Internal Server Error at /srv/app/db.js:12</body></html>");
    }
    if (typeof mode === "object") {
      res.writeHead(mode.status, { "content-type": "application/json" });
      return void res.end(JSON.stringify(mode.body));
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || ["host", "connection", "content-length"].includes(name)) continue;
      headers[name] = Array.isArray(value) ? value.join(", ") : value;
    }
    const body = req.method === "POST" ? Buffer.concat(chunks) : undefined;
    const response = await fetch(new URL(req.url ?? "/", targetOrigin), { method: req.method, headers, body });
    res.writeHead(response.status, { "content-type": response.headers.get("content-type") ?? "application/json" });
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    get mode() {
      return state.mode;
    },
    set mode(mode: FaultMode) {
      state.mode = mode;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
