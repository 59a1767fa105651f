import { Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from "graphql";

export type ResponsePath = (string | number)[];

/**
 * The response keys a selection set fills, through inline fragments and fragment spreads. With a
 * `typename`, only the fragments on that type (or on no type) count.
 */
function responseKeys(
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  typename?: string,
  seen = new Set<string>(),
): string[] {
  const keys: string[] = [];
  const applies = (condition: string | undefined) => typename === undefined || condition === undefined || condition === typename;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      if (key !== "__typename") keys.push(key);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (applies(selection.typeCondition?.name.value)) keys.push(...responseKeys(selection.selectionSet, fragments, typename, seen));
    } else {
      const fragment = fragments.get(selection.name.value);
      if (!fragment || seen.has(fragment.name.value) || !applies(fragment.typeCondition.name.value)) continue;
      keys.push(...responseKeys(fragment.selectionSet, fragments, typename, new Set([...seen, fragment.name.value])));
    }
  }
  return [...new Set(keys)];
}

/**
 * Where in a subgraph fetch's own response each field it was asked for sits, in the form the
 * gateway maps onto the client's response: `[field]` for a root fetch, and
 * `["_entities", i, field]` for the i-th entity of an entity fetch (the gateway turns the index
 * into that entity's path, e.g. `products.edges.3.node`). When the whole fetch fails, each of
 * these fields is null in the response and gets an error at its path.
 */
export function fetchFieldPaths(document: DocumentNode, variables: Record<string, unknown> | undefined): ResponsePath[] {
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (!operation) return [];
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
  const entities = operation.selectionSet.selections.find((s) => s.kind === Kind.FIELD && s.name.value === "_entities");
  if (entities?.kind !== Kind.FIELD || !entities.selectionSet) return responseKeys(operation.selectionSet, fragments).map((key) => [key]);

  const representations = Array.isArray(variables?.representations) ? (variables.representations as unknown[]) : [];
  const everyKey = responseKeys(entities.selectionSet, fragments);
  return representations.flatMap((representation, index) => {
    const typename = (representation as { __typename?: unknown } | null)?.__typename;
    const keys = typeof typename === "string" ? responseKeys(entities.selectionSet!, fragments, typename) : [];
    // A fragment on an interface does not name the entity's own type: every field then applies.
    return (keys.length ? keys : everyKey).map((key) => ["_entities", index, key]);
  });
}
