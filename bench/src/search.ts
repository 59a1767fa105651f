import { rm } from "node:fs/promises";
import { runLoad } from "./load.ts";
import { benchDataDir, startPlatform } from "./platform.ts";

const SEARCH = `query Search($q: String!) { products(query: $q, first: 20) { totalCount edges { node { id name price { amount currency } } } facets { categories { count } } } }`;

/**
 * Search through the router on a catalog of 10,000 products: a product-listing query a shop's
 * search page sends (results, total, category facets), 50 connections for 20 s.
 */
export async function searchBench(connections: number, durationSeconds: number): Promise<Record<string, string>> {
  const figures: Record<string, string> = {};
  // Once as deployed (the router answers repeated anonymous searches from its 5 s response
  // cache), once with the cache off: what every search costs the router, catalog and PostgreSQL.
  for (const cache of ["on", "off"] as const) {
    Object.assign(figures, await searchRun(connections, durationSeconds, cache));
  }
  return figures;
}

async function searchRun(connections: number, durationSeconds: number, cache: "on" | "off"): Promise<Record<string, string>> {
  const dataDir = await benchDataDir();
  try {
    const env: Record<string, string> = { DEMO_PRODUCT_COUNT: "10000", ...(cache === "off" ? { RESPONSE_CACHE_TTL_MS: "0" } : {}) };
    const platform = await startPlatform({ dataDir, pgPort: 45_000 + Math.floor(Math.random() * 1000), portOffset: 31_000, env });
    try {
      const figures: Record<string, string> = {};
      for (const q of ["wireless headphones", "espresso", "running shoes men"]) {
        await runLoad({ url: platform.routerUrl, query: SEARCH, variables: { q }, connections: 10, durationSeconds: 2 });
        const load = await runLoad({ url: platform.routerUrl, query: SEARCH, variables: { q }, connections, durationSeconds });
        figures[`cache ${cache}: search "${q}", ${connections} connections, ${durationSeconds} s`] =
          `${load.requestsPerSecond} req/s, p50 ${load.p50Ms} ms, p90 ${load.p90Ms} ms, p99 ${load.p99Ms} ms, errors ${load.errors + load.non2xx}`;
      }
      return figures;
    } finally {
      await platform.stop();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
