import { createSubgraphHttp } from "./fetcher.ts";
import { SubgraphDataSource } from "./subgraph-data-source.ts";

/** How long the router waits for a subgraph's answer: a default, and overrides by subgraph name. */
export interface SubgraphTimeouts {
  defaultMs: number;
  bySubgraph?: Record<string, number>;
}

export const DEFAULT_SUBGRAPH_TIMEOUT_MS = 10_000;

export interface SubgraphServicesOptions {
  /** Subgraph name -> URL, replacing the supergraph's routing URLs. */
  urlOverrides?: Record<string, string>;
  timeouts?: SubgraphTimeouts;
}

/**
 * How the router reaches its subgraphs, shared by the HTTP path (the gateway's services) and the
 * subscription executor's completion fetches, so that both call the same URL (overrides applied),
 * with the same deadline, over the same keep-alive connections.
 */
export interface SubgraphServices {
  /** The URL the router calls for a subgraph: its override, else its routing URL. */
  urlOf(name: string, routingUrl: string | undefined): string | undefined;
  /** A data source for a subgraph of the supergraph in service. */
  dataSource(name: string, routingUrl: string | undefined): SubgraphDataSource;
  /** Closes the connections to the subgraphs (the router is stopping). */
  close(): Promise<void>;
}

export function createSubgraphServices(options: SubgraphServicesOptions = {}): SubgraphServices {
  const overrides = options.urlOverrides ?? {};
  const http = createSubgraphHttp();
  const timeoutOf = (name: string) => options.timeouts?.bySubgraph?.[name] ?? options.timeouts?.defaultMs ?? DEFAULT_SUBGRAPH_TIMEOUT_MS;
  const urlOf = (name: string, routingUrl: string | undefined) => overrides[name] ?? routingUrl;
  return {
    urlOf,
    dataSource(name, routingUrl) {
      const timeoutMs = timeoutOf(name);
      return new SubgraphDataSource({ name, url: urlOf(name, routingUrl), fetcher: http.fetcher(timeoutMs), timeoutMs });
    },
    close: () => http.close(),
  };
}
