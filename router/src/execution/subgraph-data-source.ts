import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { Fetcher } from "@apollo/utils.fetcher";
import { ErrorCode, REQUEST_ID_HEADER } from "@amazoff/kit";
import { parse, type GraphQLFormattedError } from "graphql";
import type { RouterContext } from "../context.ts";
import { fetchFieldPaths, type ResponsePath } from "./fetch-paths.ts";
import { SubgraphTimeoutError, SubgraphUnreachableError } from "./fetcher.ts";

type SubgraphResponse = Awaited<ReturnType<RemoteGraphQLDataSource["process"]>>;
type ResponseError = GraphQLFormattedError;

/** Why a subgraph gave no GraphQL answer, as `extensions.reason` of SUBGRAPH_UNAVAILABLE. */
export type UnavailableReason = "timeout" | "unreachable" | "bad_response";

export interface SubgraphDataSourceOptions {
  /** The subgraph's name in the supergraph (reported as `serviceName`). */
  name: string;
  /** Its routing URL (the supergraph has one for every subgraph it can call). */
  url: string | undefined;
  fetcher: Fetcher;
  /** The fetcher's deadline, for the message of a timed-out call. */
  timeoutMs: number;
}

/** A body that is a GraphQL response: what a subgraph sends with a 4xx (e.g. 401 UNAUTHENTICATED). */
function graphqlBody(body: unknown): { data?: Record<string, unknown> | null; errors: ResponseError[] } | undefined {
  if (!body || typeof body !== "object" || !Array.isArray((body as { errors?: unknown }).errors)) return undefined;
  return body as { data?: Record<string, unknown> | null; errors: ResponseError[] };
}

/**
 * One subgraph as the gateway calls it. Forwards the request id and the caller's identity: the
 * access token the router verified (the client's, or the one minted for its API key), and nothing
 * else, so credentials the router did not verify never reach a subgraph.
 *
 * A call that fails outright (unreachable, timed out, an HTTP error without a GraphQL body) is
 * turned into a GraphQL response with one SUBGRAPH_UNAVAILABLE error per field the call was to
 * fill, at that field's path: the gateway then adds `serviceName`, nulls those fields (they are
 * nullable when contributed to another subgraph's entity) and keeps the rest of the response.
 * Left to the gateway, such a failure is one error without a path or service, and the fields'
 * absence nulls whatever non-null parents they have.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<RouterContext> {
  readonly name: string;
  private readonly timeoutMs: number;

  constructor(options: SubgraphDataSourceOptions) {
    super({ fetcher: options.fetcher, ...(options.url ? { url: options.url } : {}) });
    this.name = options.name;
    this.timeoutMs = options.timeoutMs;
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<RouterContext>): void {
    const headers = request.http?.headers;
    if (!headers) return;
    if (context?.requestId) headers.set(REQUEST_ID_HEADER, context.requestId);
    headers.delete("x-api-key");
    if (context?.accessToken) headers.set("authorization", `Bearer ${context.accessToken}`);
    else headers.delete("authorization");
    // Only the address the router determined, never a client-supplied chain.
    if (context?.clientAddress) headers.set("x-forwarded-for", context.clientAddress);
    else headers.delete("x-forwarded-for");
  }

  override async process(options: GraphQLDataSourceProcessOptions<RouterContext>): Promise<SubgraphResponse> {
    if (!("incomingRequestContext" in options)) return super.process(options);
    let response: SubgraphResponse;
    try {
      response = await super.process(options);
    } catch (error) {
      response = this.failure(error, options.context);
    }
    if (response.data != null || !response.errors?.some((e) => !e.path)) return response;
    // Nothing came back: an error without a path (a request-level one) applies to every field.
    const paths = fetchFieldPaths(options.document ?? parse(options.request.query!), options.request.variables);
    return { ...response, errors: response.errors.flatMap((error) => (error.path ? [error] : atPaths(error, paths))) };
  }

  /** The response standing for a call that got no GraphQL answer. */
  private failure(error: unknown, context: RouterContext | undefined): SubgraphResponse {
    const log = context?.log.child({ serviceName: this.name });
    // An HTTP error status with a GraphQL body (e.g. 401 UNAUTHENTICATED, 400 on a bad query):
    // its errors are the answer, to pass on or mask like any other subgraph error.
    const body = graphqlBody((error as { extensions?: { response?: { body?: unknown } } }).extensions?.response?.body);
    if (body) return { data: body.data ?? null, errors: body.errors };

    let reason: UnavailableReason;
    let message: string;
    if (error instanceof SubgraphTimeoutError) {
      reason = "timeout";
      message = `The ${this.name} service did not answer within ${this.timeoutMs} ms`;
      log?.warn({ timeoutMs: this.timeoutMs }, "subgraph call timed out");
    } else if (error instanceof SubgraphUnreachableError) {
      reason = "unreachable";
      message = `The ${this.name} service is unavailable`;
      // The health probe reports an outage once; per request, it is detail.
      log?.debug({ err: error }, "subgraph unreachable");
    } else {
      // An HTTP error without a GraphQL body (a proxy's 502, a crash page), or a body that is not JSON.
      reason = "bad_response";
      message = `The ${this.name} service gave no valid answer`;
      log?.warn({ err: error }, "subgraph gave no GraphQL response");
    }
    return { data: null, errors: [{ message, extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE, reason } }] };
  }
}

function atPaths(error: ResponseError, paths: ResponsePath[]): ResponseError[] {
  return paths.length ? paths.map((path) => ({ ...error, path })) : [error];
}
