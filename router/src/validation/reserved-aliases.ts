import { GraphQLError, type ASTVisitor, type ValidationContext } from "graphql";

/**
 * Refuses aliases that start with `__` on any field but the one of that name (`__typename: name`).
 * Names starting with two underscores are GraphQL's reserved namespace, and `__typename` is how
 * the gateway tells objects apart when it merges subgraph responses: an alias that puts another
 * value under that key made it discard the whole response (data null, or a 500).
 */
export function ReservedAliasesRule(context: ValidationContext): ASTVisitor {
  return {
    Field(node) {
      const alias = node.alias?.value;
      if (alias?.startsWith("__") && alias !== node.name.value) {
        context.reportError(
          new GraphQLError(`Alias "${alias}" is reserved: aliases starting with "__" may only name the field of that name.`, {
            nodes: node,
          }),
        );
      }
    },
  };
}
