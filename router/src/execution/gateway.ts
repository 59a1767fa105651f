import { ApolloGateway } from "@apollo/gateway";
import type { Logger } from "@amazoff/kit";
import { prepareForGateway } from "../supergraph/prepare.ts";
import { readSupergraph, watchSupergraph } from "../supergraph/source.ts";
import { createSubgraphHttp } from "./fetcher.ts";
import { SubgraphDataSource } from "./subgraph-data-source.ts";

/** How long the router waits for a subgraph's answer: a default, and overrides by subgraph name. */
export interface SubgraphTimeouts {
  defaultMs: number;
  bySubgraph?: Record<string, number>;
}

export const DEFAULT_SUBGRAPH_TIMEOUT_MS = 10_000;

export interface ExecutionOptions {
  supergraphPath: string;
  logger: Logger;
  /** Subgraph name -> URL, replacing the supergraph's routing URLs. */
  subgraphUrlOverrides?: Record<string, string>;
  /** Called with the raw supergraph SDL each time one is loaded (the router's own features read it). */
  onSupergraph?: (supergraphSdl: string) => void;
  timeouts?: SubgraphTimeouts;
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
  const http = createSubgraphHttp();
  const timeoutOf = (name: string) => options.timeouts?.bySubgraph?.[name] ?? options.timeouts?.defaultMs ?? DEFAULT_SUBGRAPH_TIMEOUT_MS;
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
    buildService: ({ name, url }) => {
      const timeoutMs = timeoutOf(name);
      return new SubgraphDataSource({ name, url: overrides[name] ?? url, fetcher: http.fetcher(timeoutMs), timeoutMs });
    },
  });
}
