import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { z } from "zod";
import { HttpError, readBody, sendJson, type RouteHandler } from "./http.ts";
import type { Logger } from "./logger.ts";
import { REQUEST_ID_HEADER, requestIdFrom } from "./request-id.ts";

/**
 * Service-to-service calls (the checkout saga and its peers, the cart and its peers) go over
 * small JSON endpoints under `/internal/...`, outside the public graph. Callers present the
 * shared internal secret (INTERNAL_API_SECRET, from the environment; generated into the data
 * folder by `npm start`) as `authorization: Internal <secret>`, and the request id of the
 * operation that caused the call as `x-request-id`.
 *
 * Each endpoint is defined once (`defineEndpoint`, in @amazoff/contracts): its path, the request
 * it accepts and the answers it gives per status. The server (`internalRoute`) and the client
 * (`InternalClient.call`) both use that one definition and validate at their end: the server
 * the request and its own answer, the client its request and the answer. A malformed request is
 * a 400 `{ error: "bad_request", message }`, a missing secret 401, another method 405.
 */
export const INTERNAL_SCHEME = "Internal";

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

/** One of the statuses of `Res` with the body that status carries (as sent, or as received). */
export type Reply<Res extends EndpointResponses, S = keyof Res & number> = S extends keyof Res & number
  ? { status: S; body: z.input<Res[S]> }
  : never;
export type Answer<Res extends EndpointResponses, S = keyof Res & number> = S extends keyof Res & number
  ? { status: S; body: z.output<Res[S]> }
  : never;

/** What the endpoint's handler returns: one of its statuses with that status's body. */
export type EndpointReply<E extends InternalEndpoint> = Reply<E["responses"]>;

/** What a caller receives: one of the endpoint's statuses with its validated body. */
export type EndpointAnswer<E extends InternalEndpoint> = Answer<E["responses"]>;

export type EndpointRequest<E extends InternalEndpoint> = z.input<E["request"]>;

export interface InternalResult<O> {
  status?: number;
  body: O;
}

export interface InternalRequest {
  requestId: string;
  /** Carries the request id: every line an endpoint logs can be joined to the operation. */
  log: Logger;
}

function sameSecret(given: string, expected: string): boolean {
  // Hash both so the comparison is constant-time whatever the lengths.
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  try {
    return JSON.parse(text || "{}");
  } catch {
    throw new HttpError(400, "Body is not valid JSON");
  }
}

const describeIssues = (error: z.ZodError) => error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");

interface RouteCore {
  path: string;
  secret: string;
  log: Logger;
  request: z.ZodType;
  respond(input: unknown, request: InternalRequest): Promise<{ status: number; body: unknown }>;
}

function serve(core: RouteCore): RouteHandler {
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== "POST") return sendJson(res, 405, { error: "method_not_allowed", message: "POST only" });
    const header = req.headers.authorization ?? "";
    const [scheme, secret] = header.split(" ", 2);
    if (scheme !== INTERNAL_SCHEME || !secret || !sameSecret(secret, core.secret)) {
      return sendJson(res, 401, { error: "unauthorized", message: "internal endpoint" });
    }
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    const log = core.log.child({ requestId });
    const started = performance.now();
    let body: unknown;
    try {
      body = await readJson(req);
    } catch (error) {
      const status = error instanceof HttpError ? error.status : 400;
      return sendJson(res, status, { error: "bad_request", message: (error as Error).message });
    }
    const parsed = core.request.safeParse(body);
    if (!parsed.success) {
      log.warn({ path: core.path, issues: describeIssues(parsed.error) }, "internal call refused: bad request");
      return sendJson(res, 400, { error: "bad_request", message: describeIssues(parsed.error) });
    }
    const answer = await core.respond(parsed.data, { requestId, log });
    log.debug({ path: core.path, status: answer.status, ms: Math.round(performance.now() - started) }, "internal call");
    sendJson(res, answer.status, answer.body);
  };
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
  options: NoInfer<{ secret: string; log: Logger; handler: (input: z.output<Req>, request: InternalRequest) => Promise<Reply<Res>> }>,
): RouteHandler;
/**
 * An internal endpoint without a definition in @amazoff/contracts (for endpoints whose caller is
 * not a subgraph, such as an API-key exchange the router calls): secret checked and request
 * validated; the answer is sent as given.
 */
export function internalRoute<S extends z.ZodType, O>(options: {
  secret: string;
  input: S;
  log: Logger;
  handler: (input: z.infer<S>, request: InternalRequest) => Promise<InternalResult<O>>;
}): RouteHandler;
export function internalRoute(
  first:
    | InternalEndpoint
    | {
        secret: string;
        input: z.ZodType;
        log: Logger;
        handler: (input: unknown, request: InternalRequest) => Promise<InternalResult<unknown>>;
      },
  second?: {
    secret: string;
    log: Logger;
    handler: (input: unknown, request: InternalRequest) => Promise<{ status: number; body: unknown }>;
  },
): RouteHandler {
  if (!("path" in first)) {
    const legacy = first;
    return serve({
      path: "(uncontracted)",
      secret: legacy.secret,
      log: legacy.log,
      request: legacy.input,
      respond: async (input, request) => {
        const result = await legacy.handler(input, request);
        return { status: result.status ?? 200, body: result.body };
      },
    });
  }
  const endpoint = first;
  const options = second!;
  return serve({
    path: endpoint.path,
    secret: options.secret,
    log: options.log,
    request: endpoint.request,
    respond: async (input, request) => {
      const reply = await options.handler(input, request);
      const schema = endpoint.responses[reply.status];
      const checked = schema?.safeParse(reply.body);
      if (!checked?.success) {
        const issues = checked ? describeIssues(checked.error) : "status not in the contract";
        request.log.error({ path: endpoint.path, status: reply.status, issues }, "internal answer breaks its contract");
        return { status: 500, body: { error: "internal", message: "Internal server error" } };
      }
      return { status: reply.status, body: checked.data };
    },
  });
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

export interface InternalClient {
  /**
   * Calls `endpoint`: the request is checked against the contract before it leaves, the answer
   * after it arrives. Resolves with the status and validated body of an answer the contract
   * lists (some 5xx are answers, e.g. a payment provider's timeout); throws InternalCallError
   * for any other status or a body the contract does not allow, and the fetch error on network
   * failures and timeouts.
   */
  call<E extends InternalEndpoint>(endpoint: E, input: EndpointRequest<E>, options: CallOptions): Promise<EndpointAnswer<E>>;
  /** Raw POST (tests probing an endpoint with malformed requests): 2xx and 4xx resolve, 5xx/network/timeout throw. */
  post<O>(path: string, body: unknown, options?: Partial<CallOptions>): Promise<{ status: number; body: O }>;
}

export function internalClient(baseUrl: string, secret: string, defaultTimeoutMs = 5_000): InternalClient {
  const base = baseUrl.replace(/\/$/, "");
  async function send(path: string, body: unknown, options: Partial<CallOptions>): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${base}${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `${INTERNAL_SCHEME} ${secret}`,
        ...(options.requestId ? { [REQUEST_ID_HEADER]: options.requestId } : {}),
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs ?? defaultTimeoutMs),
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
  return {
    async call(endpoint, input, options) {
      const request = endpoint.request.safeParse(input);
      if (!request.success)
        throw new InternalCallError(0, null, `${endpoint.path}: request breaks the contract: ${describeIssues(request.error)}`);
      const answer = await send(endpoint.path, request.data, options);
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
      return { status: answer.status, body: body.data } as EndpointAnswer<typeof endpoint>;
    },
    async post<O>(path: string, body: unknown, options: Partial<CallOptions> = {}) {
      const answer = await send(path, body, options);
      if (answer.status >= 500) throw new InternalCallError(answer.status, answer.body, `${path} answered ${answer.status}`);
      return { status: answer.status, body: answer.body as O };
    },
  };
}
