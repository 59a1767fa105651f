import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLRequest, type HTTPGraphQLResponse } from "@apollo/server";

/** Largest request body accepted; a GraphQL document plus variables is far below this. */
export const MAX_BODY_BYTES = 1024 * 1024;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The request body as text, refused (413) past `maxBytes` whatever the declared length. */
export async function readBody(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > maxBytes) throw new HttpError(413, "Request body too large");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new HttpError(413, "Request body too large");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Turns a node request into Apollo Server's transport-neutral request. */
export async function toGraphQLRequest(req: IncomingMessage, url: URL): Promise<HTTPGraphQLRequest> {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
  }
  const method = (req.method ?? "GET").toUpperCase();
  let body: unknown;
  if (method === "POST") {
    const raw = await readBody(req);
    const contentType = headers.get("content-type") ?? "";
    if (contentType.startsWith("application/json") || contentType.startsWith("application/graphql-response+json")) {
      try {
        body = raw.length ? JSON.parse(raw) : undefined;
      } catch {
        throw new HttpError(400, "Request body is not valid JSON");
      }
    } else {
      body = raw;
    }
  }
  return { method, headers, search: url.search, body };
}

export function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  const body = JSON.stringify(payload);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

/** Reads the request into Apollo Server's form; a malformed one is answered here (400/413) and null returned. */
export async function readGraphQLRequest(req: IncomingMessage, res: ServerResponse, url: URL): Promise<HTTPGraphQLRequest | null> {
  try {
    return await toGraphQLRequest(req, url);
  } catch (error) {
    const status = error instanceof HttpError ? error.status : 400;
    sendJson(res, status, { errors: [{ message: (error as Error).message, extensions: { code: "BAD_REQUEST" } }] });
    return null;
  }
}

/** Writes Apollo Server's response; returns the body when it was sent whole (not streamed). */
export async function writeGraphQLResponse(res: ServerResponse, response: HTTPGraphQLResponse): Promise<string | undefined> {
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === "complete") {
    res.end(response.body.string);
    return response.body.string;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
  return undefined;
}

/** Answers one HTTP request with Apollo Server. */
export async function handleGraphQL<C extends BaseContext>(
  server: ApolloServer<C>,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  context: () => Promise<C>,
): Promise<void> {
  const httpGraphQLRequest = await readGraphQLRequest(req, res, url);
  if (!httpGraphQLRequest) return;
  await writeGraphQLResponse(res, await server.executeHTTPGraphQLRequest({ httpGraphQLRequest, context }));
}

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;

/**
 * A small HTTP server: exact-path routes, everything else 404. Errors escaping a handler become a
 * bare 500 (logged by `onError`), never a stack trace on the wire.
 */
export function createHttpServer(routes: Record<string, RouteHandler>, onError: (error: unknown) => void): http.Server {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const handler = routes[url.pathname];
    if (!handler) {
      sendJson(res, 404, { error: "Not found" });
      return;
    }
    Promise.resolve()
      .then(() => handler(req, res, url))
      .catch((error: unknown) => {
        onError(error);
        if (!res.headersSent) sendJson(res, 500, { error: "Internal server error" });
        else res.destroy();
      });
  });
  // Keep-alive longer than typical client/proxy idle timeouts so pooled connections are reused.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}

export async function listen(server: http.Server, port: number, host = "0.0.0.0"): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/**
 * Stops accepting connections, lets in-flight requests finish for up to `graceMs`, then drops
 * whatever is left (a client holding a keep-alive connection must not delay shutdown).
 */
export async function close(server: http.Server, graceMs = 2_000): Promise<void> {
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
