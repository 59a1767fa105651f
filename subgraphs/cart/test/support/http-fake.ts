import http from "node:http";
import type { AddressInfo } from "node:net";

export type FakeRoute = (req: http.IncomingMessage, body: string) => { status: number; body: unknown } | "hang-up";

/** A tiny HTTP server on a random loopback port for peers the tests stand in for. */
export async function startHttpFake(routes: Record<string, FakeRoute>): Promise<{ origin: string; stop(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const route = routes[new URL(req.url ?? "/", "http://x").pathname];
      const answer = route ? route(req, Buffer.concat(chunks).toString("utf8")) : { status: 404, body: { error: "not found" } };
      if (answer === "hang-up") return void req.socket.destroy();
      res.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
