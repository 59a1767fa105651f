import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import type { z } from "zod";
import { HttpError, MAX_BODY_BYTES, readBody, sendJson, type RouteHandler } from "./http.ts";
import { internalAuthorization, presentsInternalSecret } from "./internal-secret.ts";
import type { Logger } from "./logger.ts";
import { REQUEST_ID_HEADER, requestIdFrom } from "./request-id.ts";

/*
 * Service-to-service calls (the checkout saga and its peers, the cart and its peers, the router
 * and every verifier with the users subgraph) go over small JSON endpoints under `/internal/...`,
 * outside the public graph. Callers present the shared internal secret (INTERNAL_API_SECRET, from
 * the environment; generated into the data folder by `npm start`) as
 * `authorization: Internal <secret>`, and the request id of the operation that caused the call as
 * `x-request-id`.
 *
 * Each endpoint is defined once (`defineEndpoint`, in @amazoff/contracts, or beside the kit's own
 * callers for the revocation feed): its path, the request it accepts and the answers it gives per
 * status. The server (`internalRoute`) and the client (`InternalClient.call`, or `callEndpoint`
 * for a caller configured with a whole URL) both use that one definition and validate at their
 * end: the server the request and its own answer, the client its request and the answer.
 * Refusals before the handler: another method 405 (with Allow), a missing secret 401
 * `{ error: "unauthorized", message }`, a body that is not declared JSON 415, too large 413, a
 * malformed request 400 `{ error: "bad_request", message }`.
 */

/** Answers an endpoint may give, by HTTP status. */
export type EndpointResponses = { readonly [status: number]: z.ZodType };

/** One internal endpoint: where it is, what it accepts, what it answers. */
export interface InternalEndpoint<Req extends z.ZodType = z.ZodType, Res extends EndpointResponses = EndpointResponses> {
  readonly path: string;
  readonly request: Req;
  readonly responses: Res;
}

/** Defines an endpoint once; both `internalRoute` and `InternalClient.call` take the result. */
export function defineEndpoint<Req extends z.ZodType, Res extends EndpointResponses>(endpoint: {
  path: string;
  request: Req;
  responses: Res;
}): InternalEndpoint<Req, Res> {
  return endpoint;
}

/**
 * One of the statuses of `Res` with the body that status carries, as the handler sends it, and
 * any headers that answer needs (e.g. Retry-After).
 */
export type Reply<Res extends EndpointResponses, S = keyof Res & number> = S extends keyof Res & number
  ? { status: S; body: z.input<Res[S]>; headers?: Record<string, string> }
  : never;
/** One of the statuses of `Res` with the body that status carries, as the caller receives it. */
export type Answer<Res extends EndpointResponses, S = keyof Res & number> = S extends keyof Res & number
  ? { status: S; body: z.output<Res[S]> }
  : never;

/** What the endpoint's handler returns: one of its statuses with that status's body. */
export type EndpointReply<E extends InternalEndpoint> = Reply<E["responses"]>;

/** What a caller receives: one of the endpoint's statuses with its validated body. */
export type EndpointAnswer<E extends InternalEndpoint> = Answer<E["responses"]>;

export type EndpointRequest<E extends InternalEndpoint> = z.input<E["request"]>;

export interface InternalRequest {
  requestId: string;
  /** Carries the request id: every line an endpoint logs can be joined to the operation. */
  log: Logger;
  /** The request's headers (e.g. the client address the router forwards in x-forwarded-for). */
  headers: IncomingHttpHeaders;
  /** The address of the caller's socket. */
  remoteAddress: string | undefined;
}

async function readJson(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const text = await readBody(req, maxBytes);
  try {
    return JSON.parse(text || "{}");
  } catch {
    throw new HttpError(400, "Body is not valid JSON");
  }
}

const describeIssues = (error: z.ZodError) => error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");

export interface InternalRouteOptions<Req extends z.ZodType, Res extends EndpointResponses> {
  secret: string;
  log: Logger;
  handler: (input: z.output<Req>, request: InternalRequest) => Promise<Reply<Res>>;
  /** Largest request body accepted (413 beyond it); default MAX_BODY_BYTES. */
  maxBodyBytes?: number;
  /** Headers of every answer, refusals included (e.g. `cache-control: no-store` where answers carry tokens). */
  headers?: Record<string, string>;
}

/**
 * Serves `endpoint`: secret checked, request validated, and the handler's answer checked against
 * the endpoint's answers before it leaves (an answer the contract does not allow is our bug: it
 * is logged and becomes a 500, never a body the caller would misread).
 */
export function internalRoute<Req extends z.ZodType, Res extends EndpointResponses>(
  endpoint: InternalEndpoint<Req, Res>,
  // NoInfer: the endpoint alone fixes the types, so the literals a handler returns (`status: 409`,
  // `error: "conflict"`) are checked against the contract instead of widened to number and string.
  options: NoInfer<InternalRouteOptions<Req, Res>>,
): RouteHandler {
  const { path } = endpoint;
  return async (req: IncomingMessage, res: ServerResponse) => {
    for (const [name, value] of Object.entries(options.headers ?? {})) res.setHeader(name, value);
    if (req.method !== "POST") {
      res.setHeader("allow", "POST");
      return sendJson(res, 405, { error: "method_not_allowed", message: "POST only" });
    }
    if (!presentsInternalSecret(req.headers.authorization, options.secret)) {
      return sendJson(res, 401, { error: "unauthorized", message: "internal endpoint" });
    }
    if (!(req.headers["content-type"] ?? "").toLowerCase().startsWith("application/json")) {
      return sendJson(res, 415, { error: "unsupported_media_type", message: "application/json only" });
    }
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    const log = options.log.child({ requestId });
    const started = performance.now();
    let body: unknown;
    try {
      body = await readJson(req, options.maxBodyBytes ?? MAX_BODY_BYTES);
    } catch (error) {
      const status = error instanceof HttpError ? error.status : 400;
      return sendJson(res, status, { error: "bad_request", message: (error as Error).message });
    }
    const parsed = endpoint.request.safeParse(body);
    if (!parsed.success) {
      log.warn({ path, issues: describeIssues(parsed.error) }, "internal call refused: bad request");
      return sendJson(res, 400, { error: "bad_request", message: describeIssues(parsed.error) });
    }
    const reply = await options.handler(parsed.data, { requestId, log, headers: req.headers, remoteAddress: req.socket.remoteAddress });
    const checked = endpoint.responses[reply.status]?.safeParse(reply.body);
    let answer: { status: number; body: unknown; headers?: Record<string, string> } = reply;
    if (!checked?.success) {
      const issues = checked ? describeIssues(checked.error) : "status not in the contract";
      log.error({ path, status: reply.status, issues }, "internal answer breaks its contract");
      answer = { status: 500, body: { error: "internal", message: "Internal server error" } };
    } else {
      answer = { ...reply, body: checked.data };
    }
    log.debug({ path, status: answer.status, ms: Math.round(performance.now() - started) }, "internal call");
    for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
    sendJson(res, answer.status, answer.body);
  };
}

export class InternalCallError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    message: string,
  ) {
    super(message);
  }
}

export interface CallOptions {
  /** The request id of the operation this call serves (or of the recovery pass that makes it). */
  requestId: string;
  timeoutMs?: number;
}

export interface EndpointCallOptions extends Partial<CallOptions> {
  /** The shared internal secret. */
  secret: string;
  /** More request headers (e.g. the client address the router forwards to the API-key exchange). */
  headers?: Record<string, string>;
}

const DEFAULT_TIMEOUT_MS = 5_000;

/** POSTs `body` as JSON with the internal secret; the answer's status and body (parsed when JSON). */
async function post(url: string, body: unknown, options: EndpointCallOptions): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method: "POST",
    headers: {
      ...options.headers,
      "content-type": "application/json",
      authorization: internalAuthorization(options.secret),
      ...(options.requestId ? { [REQUEST_ID_HEADER]: options.requestId } : {}),
    },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed };
}

/**
 * Calls `endpoint` at `url`, its whole address (for callers configured with one, such as the
 * router with USERS_API_KEY_EXCHANGE_URL; subgraphs use `InternalClient.call`). The request is
 * checked against the contract before it leaves, the answer after it arrives. Resolves with the
 * status and validated body of an answer the contract lists (some 5xx are answers, e.g. a payment
 * provider's timeout); throws InternalCallError for any other status or a body the contract does
 * not allow, and the fetch error on network failures and timeouts.
 */
export async function callEndpoint<E extends InternalEndpoint>(
  url: string,
  endpoint: E,
  input: EndpointRequest<E>,
  options: EndpointCallOptions,
): Promise<EndpointAnswer<E>> {
  const request = endpoint.request.safeParse(input);
  if (!request.success)
    throw new InternalCallError(0, null, `${endpoint.path}: request breaks the contract: ${describeIssues(request.error)}`);
  const answer = await post(url, request.data, options);
  const schema = endpoint.responses[answer.status];
  const where = `${endpoint.path} answered ${answer.status}`;
  if (!schema) throw new InternalCallError(answer.status, answer.body, `${where}: ${JSON.stringify(answer.body).slice(0, 300)}`);
  const body = schema.safeParse(answer.body);
  if (!body.success)
    throw new InternalCallError(
      answer.status,
      answer.body,
      `${where} with a body the contract does not allow: ${describeIssues(body.error)}`,
    );
  // Checked above against this status's schema; TypeScript cannot tie the status to its body.
  return { status: answer.status, body: body.data } as EndpointAnswer<E>;
}

export interface InternalClient {
  /** `callEndpoint` at this client's base URL plus the endpoint's path, with its secret. */
  call<E extends InternalEndpoint>(endpoint: E, input: EndpointRequest<E>, options: CallOptions): Promise<EndpointAnswer<E>>;
  /** Raw POST (tests probing an endpoint with malformed requests): 2xx and 4xx resolve, 5xx/network/timeout throw. */
  post<O>(path: string, body: unknown, options?: Partial<CallOptions>): Promise<{ status: number; body: O }>;
}

export function internalClient(baseUrl: string, secret: string, defaultTimeoutMs = DEFAULT_TIMEOUT_MS): InternalClient {
  const base = baseUrl.replace(/\/$/, "");
  return {
    call: (endpoint, input, options) =>
      callEndpoint(`${base}${endpoint.path}`, endpoint, input, { ...options, secret, timeoutMs: options.timeoutMs ?? defaultTimeoutMs }),
    async post<O>(path: string, body: unknown, options: Partial<CallOptions> = {}) {
      const answer = await post(`${base}${path}`, body, { ...options, secret, timeoutMs: options.timeoutMs ?? defaultTimeoutMs });
      if (answer.status >= 500) throw new InternalCallError(answer.status, answer.body, `${path} answered ${answer.status}`);
      return { status: answer.status, body: answer.body as O };
    },
  };
}
