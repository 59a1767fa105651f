import { Kind, valueFromASTUntyped, type ConstDirectiveNode, type DocumentNode } from "graphql";

/** The authorization features of a supergraph and the spec that defines each. */
export const AUTH_FEATURES = {
  authenticated: "https://specs.apollo.dev/authenticated/",
  requiresScopes: "https://specs.apollo.dev/requiresScopes/",
  policy: "https://specs.apollo.dev/policy/",
} as const;
export type AuthFeature = keyof typeof AUTH_FEATURES;

const LINK_SPEC = "https://specs.apollo.dev/link/";

export interface LinkedDirective {
  /** The name the directive has in this supergraph (without `@`). */
  name: string;
  /** The feature URL it was linked from, e.g. `https://specs.apollo.dev/authenticated/v0.1`. */
  url: string;
}

/**
 * Which names the authorization directives have in a supergraph, read from its `@link`s the way
 * the link spec resolves them: a directive named like its spec is `@<namespace>` (the namespace is
 * the spec name, or the link's `as:`), any other is `@<namespace>__<name>`, and an `import:` entry
 * (`"@authenticated"` or `{ name: "@authenticated", as: "@auth" }`) gives it a name of its own.
 * A feature that is not linked is absent: a directive that merely shares its name is not ours.
 */
export function linkedAuthDirectives(document: DocumentNode): Partial<Record<AuthFeature, LinkedDirective>> {
  const schemaDirectives: ConstDirectiveNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.SCHEMA_DEFINITION || definition.kind === Kind.SCHEMA_EXTENSION)
      schemaDirectives.push(...(definition.directives ?? []));
  }
  const links = schemaDirectives.map((directive) => ({ directive, args: argumentsOf(directive) }));
  // The link spec may itself be renamed (`@link(url: ".../link/v1.0", as: "linkage")`).
  const linkSelf = links.find(({ args }) => typeof args.url === "string" && args.url.startsWith(LINK_SPEC));
  const linkName = typeof linkSelf?.args.as === "string" ? linkSelf.args.as : "link";

  const found: Partial<Record<AuthFeature, LinkedDirective>> = {};
  for (const { directive, args } of links) {
    if (directive.name.value !== linkName || typeof args.url !== "string") continue;
    for (const [feature, prefix] of Object.entries(AUTH_FEATURES) as [AuthFeature, string][]) {
      if (!args.url.startsWith(prefix)) continue;
      const namespace = typeof args.as === "string" ? args.as : feature;
      let name = namespace;
      for (const entry of Array.isArray(args.import) ? args.import : []) {
        const imported = typeof entry === "string" ? { name: entry, as: entry } : (entry as { name?: unknown; as?: unknown });
        if (imported.name !== `@${feature}`) continue;
        name = typeof imported.as === "string" ? imported.as.replace(/^@/, "") : feature;
      }
      found[feature] = { name, url: args.url };
    }
  }
  return found;
}

function argumentsOf(directive: ConstDirectiveNode): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const arg of directive.arguments ?? []) args[arg.name.value] = valueFromASTUntyped(arg.value);
  return args;
}
