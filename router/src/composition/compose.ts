import { readFile } from "node:fs/promises";
import path from "node:path";
import { composeServices } from "@apollo/composition";
import { GraphQLError, parse } from "graphql";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

/** rover's supergraph configuration format (the subset we use). */
const configSchema = z.object({
  federation_version: z.string().optional(),
  subgraphs: z.record(
    z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, "subgraph names are letters, digits, - and _"),
    z.object({
      routing_url: z.url(),
      schema: z.object({ file: z.string().min(1) }),
    }),
  ),
});

export type SupergraphConfig = z.infer<typeof configSchema>;

export type CompositionResult = { ok: true; supergraphSdl: string; hints: string[] } | { ok: false; errors: string[] };

/** Formats a GraphQL/composition error as `CODE: message (at file:line:column)`. */
function describe(error: GraphQLError, file?: string): string {
  const code = typeof error.extensions?.code === "string" ? `${error.extensions.code}: ` : "";
  const where = error.locations?.[0] && file ? ` (at ${file}:${error.locations[0].line}:${error.locations[0].column})` : "";
  return `${code}${error.message}${where}`;
}

/**
 * Composes the subgraphs listed in a rover-style `supergraph.yaml` into a supergraph SDL with
 * @apollo/composition. Never throws for bad input: every problem (unreadable config, missing or
 * unparsable schema file, composition error) is returned as one readable line.
 */
export async function composeFromConfig(configPath: string): Promise<CompositionResult> {
  let config: SupergraphConfig;
  try {
    const parsed = configSchema.safeParse(parseYaml(await readFile(configPath, "utf8")));
    if (!parsed.success) {
      return { ok: false, errors: parsed.error.issues.map((i) => `${configPath}: ${i.path.join(".") || "(root)"}: ${i.message}`) };
    }
    config = parsed.data;
  } catch (error) {
    return { ok: false, errors: [`${configPath}: ${(error as Error).message}`] };
  }

  const base = path.dirname(configPath);
  const errors: string[] = [];
  const services = [];
  for (const [name, subgraph] of Object.entries(config.subgraphs)) {
    const file = path.join(base, subgraph.schema.file);
    try {
      const sdl = await readFile(file, "utf8");
      services.push({ name, url: subgraph.routing_url, typeDefs: parse(sdl) });
    } catch (error) {
      errors.push(`[${name}] ${error instanceof GraphQLError ? describe(error, file) : `${file}: ${(error as Error).message}`}`);
    }
  }
  if (errors.length) return { ok: false, errors };
  if (services.length === 0) return { ok: false, errors: [`${configPath}: no subgraphs listed`] };

  const result = composeServices(services);
  if (result.errors) return { ok: false, errors: result.errors.map((e) => describe(e)) };
  return { ok: true, supergraphSdl: result.supergraphSdl, hints: result.hints.map((h) => `${h.definition.code}: ${h.message}`) };
}
