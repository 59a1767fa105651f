import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from "graphql";
import type { GraphQLError } from "./graphql-error.ts";
import { isIncluded, type VariableValues } from "./skip-include.ts";

export interface MergeInput {
  schema: GraphQLSchema;
  /** The document and operation as the client sent them. */
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: VariableValues;
  /** Selections of `document` that were removed before execution. */
  denied: ReadonlySet<SelectionNode>;
  /** The data the filtered operation produced. */
  data: Record<string, unknown> | null | undefined;
  /** Builds the error reported at each position the client loses. */
  errorAt: (path: (string | number)[]) => GraphQLError;
}

/** Marks a position that became null because of a denial and cannot hold null itself. */
const NULLED: unique symbol = Symbol("nulled");
type Completed = unknown;

interface Group {
  set: SelectionSetNode;
  /** Inside a denied fragment: every field under it is denied too. */
  denied: boolean;
}

interface CollectedField {
  nodes: { node: FieldNode; denied: boolean }[];
  /** At least one selection of this response key was executed. */
  executed: boolean;
}

/**
 * Puts the denied selections back into the response, as GraphQL execution would have: walks the
 * operation the client sent over the data of the filtered one, collecting fields per object as
 * the spec's CollectFields does (type conditions against each object's `__typename`, `@skip` and
 * `@include` with the request's variables). A key whose every selection was denied becomes `null`
 * with an error at its path; a null in a non-null position propagates to the nearest nullable
 * parent. Objects are rebuilt in the client's key order, which also drops the `__typename`s the
 * filter added.
 */
export function mergeDenied(input: MergeInput): { data: Record<string, unknown> | null | undefined; errors: GraphQLError[] } {
  const { schema, document, operation, variables, denied, errorAt } = input;
  const errors: GraphQLError[] = [];
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }

  const applies = (typeName: string, runtime: GraphQLObjectType): boolean => {
    if (typeName === runtime.name) return true;
    const condition = schema.getType(typeName);
    return condition !== undefined && isAbstractType(condition) && schema.isSubType(condition, runtime);
  };

  function collect(group: Group, runtime: GraphQLObjectType, fields: Map<string, CollectedField>): void {
    for (const selection of group.set.selections) {
      if (!isIncluded(selection, variables)) continue;
      const selectionDenied = group.denied || denied.has(selection);
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        let field = fields.get(key);
        if (!field) {
          field = { nodes: [], executed: false };
          fields.set(key, field);
        }
        field.nodes.push({ node: selection, denied: selectionDenied });
        if (!selectionDenied) field.executed = true;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (selection.typeCondition && !applies(selection.typeCondition.name.value, runtime)) continue;
        collect({ set: selection.selectionSet, denied: selectionDenied }, runtime, fields);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || !applies(fragment.typeCondition.name.value, runtime)) continue;
        collect({ set: fragment.selectionSet, denied: selectionDenied }, runtime, fields);
      }
    }
  }

  function completeObject(
    object: Record<string, unknown>,
    staticType: GraphQLCompositeType,
    groups: Group[],
    path: (string | number)[],
  ): Completed {
    const runtime = isAbstractType(staticType) ? schema.getType(String(object.__typename)) : staticType;
    // Without a runtime type the type conditions cannot be evaluated: leave the object as it came.
    if (!runtime || !isObjectType(runtime)) return object;
    const fields = new Map<string, CollectedField>();
    for (const group of groups) collect(group, runtime, fields);
    const result: Record<string, unknown> = {};
    for (const [key, field] of fields) {
      const name = field.nodes[0]!.node.name.value;
      const definition = runtime.getFields()[name];
      if (name === "__typename" || !definition) {
        result[key] = object[key] ?? (name === "__typename" ? runtime.name : null);
        continue;
      }
      const fieldPath = [...path, key];
      if (!field.executed) {
        errors.push(errorAt(fieldPath));
        if (isNonNullType(definition.type)) return NULLED;
        result[key] = null;
        continue;
      }
      const childGroups: Group[] = [];
      for (const { node, denied: nodeDenied } of field.nodes)
        if (node.selectionSet) childGroups.push({ set: node.selectionSet, denied: nodeDenied });
      const value = completeValue(object[key], definition.type, childGroups, fieldPath);
      if (value === NULLED) {
        if (isNonNullType(definition.type)) return NULLED;
        result[key] = null;
      } else {
        result[key] = value;
      }
    }
    return result;
  }

  function completeValue(value: unknown, type: GraphQLOutputType, groups: Group[], path: (string | number)[]): Completed {
    if (value === null || value === undefined) return null;
    const nullable = isNonNullType(type) ? type.ofType : type;
    if (isListType(nullable)) {
      if (!Array.isArray(value)) return value;
      const items: unknown[] = [];
      for (let i = 0; i < value.length; i++) {
        const item = completeValue(value[i], nullable.ofType, groups, [...path, i]);
        if (item === NULLED) {
          if (isNonNullType(nullable.ofType)) return NULLED;
          items.push(null);
        } else {
          items.push(item);
        }
      }
      return items;
    }
    const named = getNamedType(nullable);
    if (isCompositeType(named) && typeof value === "object") return completeObject(value as Record<string, unknown>, named, groups, path);
    return value;
  }

  const rootType = schema.getRootType(operation.operation);
  if (!input.data || !rootType) return { data: input.data, errors };
  const data = completeObject(input.data, rootType, [{ set: operation.selectionSet, denied: false }], []);
  return { data: data === NULLED ? null : (data as Record<string, unknown>), errors };
}
