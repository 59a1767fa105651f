import { Kind, visit, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode } from "graphql";

/**
 * The document reduced to the operation being run and the fragments it uses (transitively).
 * What a document's other operations and unused fragments say cannot change this operation's
 * result, but the gateway validates every fragment of the document against the chosen operation:
 * a fragment that only another operation spreads, using that operation's variables, made it throw
 * (a 500 for a document graphql-js accepts). Returns the same document when nothing is left out.
 */
export function selectedOperationDocument(document: DocumentNode, operation: OperationDefinitionNode): DocumentNode {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operations = 0;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    else if (definition.kind === Kind.OPERATION_DEFINITION) operations++;
  }
  if (operations === 1 && fragments.size === 0) return document;
  const used = new Set<string>();
  const pending: (OperationDefinitionNode | FragmentDefinitionNode)[] = [operation];
  while (pending.length) {
    visit(pending.pop()!, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        const fragment = fragments.get(name);
        if (used.has(name) || !fragment) return;
        used.add(name);
        pending.push(fragment);
      },
    });
  }
  if (operations === 1 && used.size === fragments.size) return document;
  const kept = document.definitions.filter(
    (definition) => definition === operation || (definition.kind === Kind.FRAGMENT_DEFINITION && used.has(definition.name.value)),
  );
  return { ...document, definitions: kept };
}
