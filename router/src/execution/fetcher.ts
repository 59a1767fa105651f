import { STATUS_CODES } from "node:http";
import type { Fetcher } from "@apollo/utils.fetcher";
import { Agent, request } from "undici";

/** A subgraph call that got no complete answer within its deadline. */
export class SubgraphTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = "SubgraphTimeoutError";
  }
}

/** A subgraph call that failed in the network: refused, reset, or closed before the answer was complete. */
export class SubgraphUnreachableError extends Error {
  constructor(cause: unknown) {
    super(`unreachable: ${(cause as { code?: string }).code ?? (cause as Error).message}`, { cause });
    this.name = "SubgraphUnreachableError";
  }
}

export interface SubgraphHttp {
  /** A fetcher whose every call must be answered, body included, within `timeoutMs`. */
  fetcher(timeoutMs: number): Fetcher;
  close(): Promise<void>;
}

/**
 * The gateway's HTTP client for subgraph calls: undici's request API over a keep-alive agent.
 * The gateway's default (make-fetch-happen) adds a fetch-compatible stream layer and a cache
 * policy per call that we do not use; subgraph calls are the router's hot path. Each call has a
 * deadline of its own (per subgraph), for the whole exchange rather than per phase, so that a
 * subgraph that hangs costs the client that deadline and no more.
 */
export function createSubgraphHttp(options: { connectionsPerSubgraph?: number } = {}): SubgraphHttp {
  const agent = new Agent({
    connections: options.connectionsPerSubgraph ?? 64,
    keepAliveTimeout: 30_000,
    // Each call's own deadline (below) bounds it; these per-phase timeouts would only add a second,
    // different limit.
    headersTimeout: 0,
    bodyTimeout: 0,
  });
  const fetcher =
    (timeoutMs: number) => async (url: string, init?: { method?: string; headers?: Record<string, string>; body?: string }) => {
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        const response = await request(url, {
          method: (init?.method ?? "POST") as "POST",
          headers: init?.headers,
          body: init?.body,
          dispatcher: agent,
          signal,
        });
        const text = await response.body.text();
        const headers = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
        }
        return {
          ok: response.statusCode >= 200 && response.statusCode < 300,
          status: response.statusCode,
          statusText: STATUS_CODES[response.statusCode] ?? "",
          url,
          headers,
          json: async () => JSON.parse(text) as unknown,
          text: async () => text,
        };
      } catch (error) {
        if (signal.aborted) throw new SubgraphTimeoutError(timeoutMs);
        throw new SubgraphUnreachableError(error);
      }
    };
  return { fetcher: (timeoutMs) => fetcher(timeoutMs) as unknown as Fetcher, close: () => agent.close() };
}
