import autocannon from "autocannon";

export interface LoadOptions {
  url: string;
  /** A GraphQL document and variables, POSTed as JSON. */
  query: string;
  variables?: Record<string, unknown>;
  headers?: Record<string, string>;
  connections: number;
  durationSeconds: number;
}

export interface LoadResult {
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  non2xx: number;
}

/** Drives HTTP load at a GraphQL endpoint on loopback for a fixed time, then stops by itself. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  if (!/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(options.url)) throw new Error("load tests target 127.0.0.1 only");
  const result = await autocannon({
    url: options.url,
    method: "POST",
    connections: options.connections,
    duration: options.durationSeconds,
    headers: { "content-type": "application/json", ...options.headers },
    body: JSON.stringify({ query: options.query, variables: options.variables }),
  });
  return {
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p90Ms: result.latency.p90,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}
