import { readFileSync } from "node:fs";
import { parse, type DocumentNode } from "graphql";

/** Reads a subgraph's schema-first SDL file (e.g. `schema.graphql`) into a document. */
export function loadTypeDefs(path: string | URL): DocumentNode {
  return parse(readFileSync(path, "utf8"));
}
