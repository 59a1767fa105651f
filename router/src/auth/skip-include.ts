import {
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  valueFromASTUntyped,
  type OperationDefinitionNode,
  type SelectionNode,
} from "graphql";

export type VariableValues = Readonly<Record<string, unknown>>;

/**
 * Whether `@skip`/`@include` leave a selection in, as execution will decide. The values are the
 * request's variables with the operation's defaults applied (see variablesWithDefaults).
 * A condition that cannot be read counts as included: the selection is then still checked.
 */
export function isIncluded(selection: SelectionNode, variables: VariableValues): boolean {
  if (!selection.directives?.length) return true;
  try {
    if (getDirectiveValues(GraphQLSkipDirective, selection, variables as Record<string, unknown>)?.if === true) return false;
    if (getDirectiveValues(GraphQLIncludeDirective, selection, variables as Record<string, unknown>)?.if === false) return false;
  } catch {
    return true;
  }
  return true;
}

/** The request's variables, plus the defaults the operation declares for those it left out. */
export function variablesWithDefaults(operation: OperationDefinitionNode, variables: VariableValues | undefined): VariableValues {
  const values: Record<string, unknown> = { ...variables };
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (values[name] === undefined && definition.defaultValue) values[name] = valueFromASTUntyped(definition.defaultValue);
  }
  return values;
}
