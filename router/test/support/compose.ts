import { composeServices } from "@apollo/composition";
import { parse } from "graphql";

/** A supergraph composed from subgraph SDLs, as `npm run compose` writes it. */
export function composeSupergraph(subgraphs: Record<string, { sdl: string; url?: string }>): string {
  const result = composeServices(
    Object.entries(subgraphs).map(([name, { sdl, url }]) => ({ name, url: url ?? `http://localhost:4999/${name}`, typeDefs: parse(sdl) })),
  );
  if (result.errors) throw new Error(result.errors.map((e) => e.message).join("\n"));
  return result.supergraphSdl;
}
