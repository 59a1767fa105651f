import { ApolloGateway } from "@apollo/gateway";
import type { Logger } from "@amazoff/kit";
import { prepareForGateway } from "../supergraph/prepare.ts";
import { readSupergraph, watchSupergraph } from "../supergraph/source.ts";
import type { SubgraphServices } from "./subgraph-services.ts";

export interface ExecutionOptions {
  supergraphPath: string;
  logger: Logger;
  /** How subgraphs are called (URLs, deadlines, connections); the router closes it when it stops. */
  services: SubgraphServices;
  /** Called with the raw supergraph SDL each time one is loaded (the router's own features read it). */
  onSupergraph?: (supergraphSdl: string) => void;
}

/**
 * The execution path: @apollo/gateway planning and fetching from subgraphs, fed from a supergraph
 * file that is watched and hot-reloaded. An invalid new supergraph is logged and ignored: the
 * gateway keeps serving the previous one. Authorization wraps this gateway (auth/authorizing-gateway.ts);
 * subscriptions, which the gateway does not execute, follow the same supergraph through
 * `onSupergraph` (subscriptions/). A later issue plugs a faster executor in at this boundary.
 */
export function createGatewayExecution(options: ExecutionOptions): ApolloGateway {
  const log = options.logger.child({ source: "gateway" });
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
      return { supergraphSdl: prepareForGateway(initial.sdl), cleanup: async () => stopWatching() };
    },
    buildService: ({ name, url }) => options.services.dataSource(name, url),
  });
}
