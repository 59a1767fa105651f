import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { REQUEST_ID_HEADER, type Logger } from "@amazoff/kit";
import { prepareForGateway } from "../supergraph/prepare.ts";
import { readSupergraph, watchSupergraph } from "../supergraph/source.ts";
import type { RouterContext } from "../context.ts";
import { createSubgraphFetcher } from "./fetcher.ts";

export interface ExecutionOptions {
  supergraphPath: string;
  logger: Logger;
  /** Subgraph name -> URL, replacing the supergraph's routing URLs. */
  subgraphUrlOverrides?: Record<string, string>;
  /** Called with the raw supergraph SDL each time one is loaded (the router's own features read it). */
  onSupergraph?: (supergraphSdl: string) => void;
}

/**
 * Forwards the request id and the caller's identity to every subgraph. The identity is the
 * access token the router verified (the client's, or the one minted for its API key), and
 * nothing else: credentials the router did not verify never reach a subgraph.
 */
class SubgraphDataSource extends RemoteGraphQLDataSource<RouterContext> {
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
}

/**
 * The execution path: @apollo/gateway planning and fetching from subgraphs, fed from a supergraph
 * file that is watched and hot-reloaded. An invalid new supergraph is logged and ignored: the
 * gateway keeps serving the previous one. Authorization wraps this gateway (auth/authorizing-gateway.ts);
 * later issues plug subscriptions and a faster executor in at this boundary.
 */
export function createGatewayExecution(options: ExecutionOptions): ApolloGateway {
  const log = options.logger.child({ source: "gateway" });
  const overrides = options.subgraphUrlOverrides ?? {};
  const http = createSubgraphFetcher();
  return new ApolloGateway({
    logger: log,
    async supergraphSdl({ update }) {
      const initial = await readSupergraph(options.supergraphPath);
      options.onSupergraph?.(initial.sdl);
      const stopWatching = watchSupergraph(
        options.supergraphPath,
        initial.hash,
        (snapshot) => {
          try {
            update(prepareForGateway(snapshot.sdl));
          } catch (error) {
            log.error({ err: error }, "new supergraph rejected; still serving the previous one");
            return;
          }
          // Only once the gateway serves it: a rejected supergraph leaves the router's own
          // features (the authorization index) on the previous one too.
          try {
            options.onSupergraph?.(snapshot.sdl);
          } catch (error) {
            log.error({ err: error }, "a supergraph listener failed on the new supergraph");
          }
          log.info({ hash: snapshot.hash.slice(0, 12) }, "supergraph reloaded");
        },
        log,
      );
      return {
        supergraphSdl: prepareForGateway(initial.sdl),
        cleanup: async () => {
          stopWatching();
          await http.close();
        },
      };
    },
    buildService: ({ name, url }) => new SubgraphDataSource({ url: overrides[name] ?? url, fetcher: http.fetcher }),
  });
}
