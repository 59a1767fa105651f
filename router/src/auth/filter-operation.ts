import type { Viewer } from "@amazoff/kit";
import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  print,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from "graphql";
import type { AuthorizationIndex } from "./directives-index.ts";
import { requirementAllows, type AuthRequirement, type PolicyEvaluator } from "./requirements.ts";
import { isIncluded, type VariableValues } from "./skip-include.ts";

export interface FilterInput {
  index: AuthorizationIndex;
  document: DocumentNode;
  /** The operation Apollo Server resolved from the document. */
  operation: OperationDefinitionNode;
  viewer: Viewer | null;
  evaluatePolicy: PolicyEvaluator;
  variables: VariableValues;
}

/** A selection the caller may not make, where the client would have seen it. */
export interface Denial {
  /** Response keys from the root; list positions are not known before execution. */
  path: string[];
  /** The `Type.field` (or the fragment's `Type`) whose requirement failed. */
  coordinate: string;
}

export interface FilteredOperation {
  /** Nothing was removed: run the request as it came. */
  unchanged: boolean;
  /** Selections were denied and no requested field is left: answer without calling a subgraph. */
  nothingAuthorized: boolean;
  /** Nothing is left to run, and nothing was denied either (all of it was `@skip`ped): the data is `{}`. */
  nothingLeft: boolean;
  /** Denials outside `@skip`/`@include`-excluded parts, for the rejection response. */
  denials: Denial[];
  /** The selected operation and the fragments it still uses, without the denied selections. */
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** The denied selections, by identity in the original document (see merge-denied.ts). */
  denied: ReadonlySet<SelectionNode>;
  /** Identifies this filtered form among those of the same document (query plan cache key). */
  signature: string;
}

const TYPENAME: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: "__typename" } };

/**
 * Removes from an operation every selection the viewer is not authorized to make (GraphOS
 * Router's "filter" mode), before the query planner sees it:
 * - a denied field is removed; the response later gets `null` and an error at its path;
 * - a denied inline fragment or fragment spread (type condition) is removed likewise;
 * - a field whose every sub-selection was denied keeps `__typename` alone, so that it is still
 *   resolved and the denied fields get precise paths (list indices) in the response;
 * - every selection set of an abstract type gets `__typename`, which the response merge needs to
 *   know which type conditions applied to each object.
 * Decisions depend only on the static types in the document, so a fragment filters the same
 * wherever it is spread.
 */
export function filterOperation(input: FilterInput): FilteredOperation {
  const { index, document, operation, viewer, evaluatePolicy, variables } = input;
  const schema = index.schema;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const decisions = new Map<AuthRequirement, boolean>();
  const allows = (requirement: AuthRequirement | null): boolean => {
    if (!requirement) return true;
    let allowed = decisions.get(requirement);
    if (allowed === undefined) {
      allowed = requirementAllows(requirement, viewer, evaluatePolicy);
      decisions.set(requirement, allowed);
    }
    return allowed;
  };

  const denied = new Set<SelectionNode>();
  const denials: Denial[] = [];
  const filteredFragments = new Map<string, FragmentDefinitionNode>();
  const walking = new Set<string>();
  let requestedLeaves = 0;

  const deny = (node: SelectionNode, path: string[], coordinate: string, active: boolean) => {
    denied.add(node);
    if (active) denials.push({ path, coordinate });
  };

  function filterSelections(
    selectionSet: SelectionSetNode,
    parentType: GraphQLCompositeType,
    path: string[],
    active: boolean,
  ): SelectionNode[] {
    const kept: SelectionNode[] = [];
    for (const selection of selectionSet.selections) {
      const included = active && isIncluded(selection, variables);
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const key = selection.alias?.value ?? name;
        if (name.startsWith("__")) {
          // __typename, and introspection (__schema, __type), which directives never restrict.
          kept.push(selection);
          if (included) requestedLeaves++;
          continue;
        }
        const field = isObjectType(parentType) || isInterfaceType(parentType) ? parentType.getFields()[name] : undefined;
        // A field the index does not know can only come from a schema that changed under this
        // request; the gateway cannot run it either. Deny rather than guess.
        if (!field || !allows(index.fieldRequirement(parentType.name, name))) {
          deny(selection, [...path, key], `${parentType.name}.${name}`, included);
          continue;
        }
        if (!selection.selectionSet) {
          kept.push(selection);
          if (included) requestedLeaves++;
          continue;
        }
        const fieldType = getNamedType(field.type);
        const children = isCompositeType(fieldType) ? filterSelections(selection.selectionSet, fieldType, [...path, key], included) : [];
        if (children.length === 0) children.push(TYPENAME);
        else if (isAbstractType(fieldType) && !children.some(isPlainTypename)) children.unshift(TYPENAME);
        kept.push({ ...selection, selectionSet: { ...selection.selectionSet, selections: children } });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parentType;
        if (!condition || !isCompositeType(condition)) continue;
        if (!allows(index.typeRequirement(condition.name))) {
          deny(selection, path, condition.name, included);
          continue;
        }
        const children = filterSelections(selection.selectionSet, condition, path, included);
        if (children.length) kept.push({ ...selection, selectionSet: { ...selection.selectionSet, selections: children } });
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        const condition = fragment && schema.getType(fragment.typeCondition.name.value);
        if (!fragment || !condition || !isCompositeType(condition) || walking.has(name)) continue;
        if (!allows(index.typeRequirement(condition.name))) {
          deny(selection, path, condition.name, included);
          continue;
        }
        walking.add(name);
        const children = filterSelections(fragment.selectionSet, condition, path, included);
        walking.delete(name);
        if (children.length === 0) continue;
        filteredFragments.set(name, { ...fragment, selectionSet: { ...fragment.selectionSet, selections: children } });
        kept.push(selection);
      }
    }
    return kept;
  }

  const rootType = schema.getRootType(operation.operation);
  const rootSelections = rootType ? filterSelections(operation.selectionSet, rootType, [], true) : [...operation.selectionSet.selections];
  if (denied.size === 0) {
    return { unchanged: true, nothingAuthorized: false, nothingLeft: false, denials, document, operation, denied, signature: "" };
  }
  const filtered: OperationDefinitionNode = { ...operation, selectionSet: { ...operation.selectionSet, selections: rootSelections } };
  const filteredDocument: DocumentNode = { kind: Kind.DOCUMENT, definitions: [filtered, ...filteredFragments.values()] };
  const nothingAuthorized = denials.length > 0 && (requestedLeaves === 0 || rootSelections.length === 0);
  return {
    unchanged: false,
    nothingAuthorized,
    nothingLeft: !nothingAuthorized && rootSelections.length === 0,
    denials,
    document: filteredDocument,
    operation: filtered,
    denied,
    signature: signatureOf(denied, filteredDocument),
  };
}

const isPlainTypename = (selection: SelectionNode) =>
  selection.kind === Kind.FIELD && selection.name.value === "__typename" && !selection.alias;

/**
 * The filtered document is a function of the original document and of which of its selections
 * were denied; their source offsets name them. A document parsed without locations is named by
 * its filtered text instead.
 */
function signatureOf(denied: ReadonlySet<SelectionNode>, filtered: DocumentNode): string {
  const offsets: number[] = [];
  for (const node of denied) {
    if (!node.loc) return print(filtered);
    offsets.push(node.loc.start);
  }
  return offsets.sort((a, b) => a - b).join(",");
}
