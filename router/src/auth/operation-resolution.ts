import { GraphQLError, Kind, type DocumentNode } from "graphql";

/**
 * The error graphql-js's `execute` reports when a document's operation cannot be chosen (several
 * operations and no `operationName`, or a name that matches none). Apollo Server resolves the
 * operation before execution and, when it finds none, still calls the executor and expects this
 * error back; it answers it as 400 OPERATION_RESOLUTION_FAILURE.
 */
export function operationResolutionError(document: DocumentNode, operationName: string | null | undefined): GraphQLError {
  if (operationName) return new GraphQLError(`Unknown operation named "${operationName}".`);
  const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION).length;
  return new GraphQLError(
    operations > 1 ? "Must provide operation name if query contains multiple operations." : "Must provide an operation.",
  );
}
