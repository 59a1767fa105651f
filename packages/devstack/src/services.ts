import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";

export interface SubgraphService {
  name: string;
  dir: string;
  port: number;
  /** Where it actually listens (its routing URL, shifted by the port offset). */
  url: string;
}

/**
 * The subgraphs to run, read from supergraph.yaml (the one list of subgraphs): each lives in
 * `subgraphs/<name>` and listens on the port of its routing URL.
 */
export async function subgraphServices(root: string, portOffset = 0): Promise<SubgraphService[]> {
  const config = parse(await readFile(path.join(root, "supergraph.yaml"), "utf8")) as {
    subgraphs: Record<string, { routing_url: string }>;
  };
  return Object.entries(config.subgraphs).map(([name, { routing_url }]) => {
    const url = new URL(routing_url);
    const port = Number(url.port) + portOffset;
    url.port = String(port);
    return { name, dir: path.join(root, "subgraphs", name), port, url: url.toString() };
  });
}
