import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { z } from "zod";
import { HttpError, readBody, sendJson, type RouteHandler } from "./http.ts";
import type { Logger } from "./logger.ts";
import { REQUEST_ID_HEADER, requestIdFrom } from "./request-id.ts";

/**
 * Service-to-service calls (the checkout saga and its peers) go over small JSON endpoints under
 * `/internal/...`, outside the public graph. Callers present the shared internal secret
 * (INTERNAL_API_SECRET, from the environment; generated into the data folder by `npm start`) as
 * `authorization: Internal <secret>`. Every endpoint validates its body with zod and answers
 * `{ error, message }` with 400/401/404/409 for expected failures.
 */
export const INTERNAL_SCHEME = "Internal";

export interface InternalResult<O> {
  status?: number;
  body: O;
}

export interface InternalRequest {
  requestId: string;
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

/** An internal POST endpoint: secret checked, body validated, handler's result sent as JSON. */
export function internalRoute<S extends z.ZodType, O>(options: {
  secret: string;
  input: S;
  log: Logger;
  handler: (input: z.infer<S>, request: InternalRequest) => Promise<InternalResult<O>>;
}): RouteHandler {
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== "POST") return sendJson(res, 405, { error: "method_not_allowed", message: "POST only" });
    const header = req.headers.authorization ?? "";
    const [scheme, secret] = header.split(" ", 2);
    if (scheme !== INTERNAL_SCHEME || !secret || !sameSecret(secret, options.secret)) {
      return sendJson(res, 401, { error: "unauthorized", message: "internal endpoint" });
    }
    let body: unknown;
    try {
      body = await readJson(req);
    } catch (error) {
      const status = error instanceof HttpError ? error.status : 400;
      return sendJson(res, status, { error: "bad_request", message: (error as Error).message });
    }
    const parsed = options.input.safeParse(body);
    if (!parsed.success) {
      return sendJson(res, 400, { error: "bad_request", message: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") });
    }
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    const result = await options.handler(parsed.data, { requestId, log: options.log.child({ requestId }) });
    sendJson(res, result.status ?? 200, result.body);
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

export interface InternalClient {
  /** POSTs JSON; resolves with status and body for 2xx and 4xx answers, throws on 5xx/network/timeout. */
  post<O>(path: string, body: unknown, options?: { requestId?: string; timeoutMs?: number }): Promise<{ status: number; body: O }>;
}

export function internalClient(baseUrl: string, secret: string, defaultTimeoutMs = 5_000): InternalClient {
  const base = baseUrl.replace(/\/$/, "");
  return {
    async post<O>(path: string, body: unknown, options: { requestId?: string; timeoutMs?: number } = {}) {
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
      if (response.status >= 500) throw new InternalCallError(response.status, parsed, `${path} answered ${response.status}`);
      return { status: response.status, body: parsed as O };
    },
  };
}
