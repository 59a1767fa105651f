import http, { type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordingProxy {
  url: string;
  /** Headers of every request that reached the subgraph behind the proxy. */
  requests: IncomingHttpHeaders[];
  close(): Promise<void>;
}

/**
 * Sits between the router and a subgraph and records every request, whatever the subgraph then
 * does with it: proof of which calls (and which credentials) reached a subgraph at all.
 */
export async function startRecordingProxy(targetUrl: string): Promise<RecordingProxy> {
  const requests: IncomingHttpHeaders[] = [];
  const server = http.createServer(async (req, res) => {
    requests.push(req.headers);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && !["host", "connection", "content-length"].includes(name))
        headers[name] = Array.isArray(value) ? value.join(", ") : value;
    }
    const response = await fetch(targetUrl, {
      method: req.method,
      headers,
      body: req.method === "POST" ? Buffer.concat(chunks) : undefined,
    });
    res.writeHead(response.status, { "content-type": response.headers.get("content-type") ?? "application/json" });
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
