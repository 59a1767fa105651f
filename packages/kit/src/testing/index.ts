/** Test helpers shared by every workspace's tests (import from "@amazoff/kit/testing"). */
export * from "./eventually.ts";
export * from "./issuer.ts";
export * from "./logs.ts";
export * from "./production-guards.ts";
export * from "./redis.ts";
export * from "./subscriptions.ts";

export interface GraphQLResponse<D = Record<string, unknown>> {
  status: number;
  headers: Headers;
  data?: D | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface GraphQLClient {
  <D = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<D>>;
  url: string;
}

/** A minimal GraphQL-over-HTTP client for tests: POSTs JSON and returns status, data and errors. */
export function graphqlClient(url: string, defaultHeaders: Record<string, string> = {}): GraphQLClient {
  const send = async (query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...defaultHeaders, ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    let body: { data?: unknown; errors?: GraphQLResponse["errors"] };
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`non-JSON response (${response.status}): ${text.slice(0, 200)}`);
    }
    return { status: response.status, headers: response.headers, data: body.data as never, errors: body.errors };
  };
  return Object.assign(send, { url }) as GraphQLClient;
}

/** The `extensions.code` of every error of a response, for compact assertions. */
export const errorCodes = (response: GraphQLResponse<unknown>): unknown[] => (response.errors ?? []).map((e) => e.extensions?.code);
