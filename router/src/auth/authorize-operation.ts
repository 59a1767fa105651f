import { ErrorCode, type Logger, type Viewer } from "@amazoff/kit";
import type { DocumentNode, OperationDefinitionNode } from "graphql";
import type { AuthorizationIndex } from "./directives-index.ts";
import { filterOperation } from "./filter-operation.ts";
import { GraphQLError } from "./graphql-error.ts";
import { mergeDenied } from "./merge-denied.ts";
import type { PolicyEvaluator } from "./requirements.ts";
import type { VariableValues } from "./skip-include.ts";

export interface AuthorizeInput {
  /** The index of the supergraph in service; undefined when it could not be built (fail closed). */
  index: AuthorizationIndex | undefined;
  /** The document reduced to the operation being run (selectedOperationDocument). */
  document: DocumentNode;
  operation: OperationDefinitionNode;
  viewer: Viewer | null;
  /** The request's variables with the operation's defaults applied. */
  variables: VariableValues;
  evaluatePolicy: PolicyEvaluator;
  log: Logger;
}

type Data = Record<string, unknown> | null | undefined;

/** What the caller may run of an operation, and how to put the denied selections back into its results. */
export type OperationAuthorization =
  /** Nothing authorized (or authorization unavailable): answer these errors and call no subgraph. */
  | { kind: "refused"; errors: GraphQLError[] }
  /** Everything left was `@skip`ped: the data is `{}`, nothing to run. */
  | { kind: "empty" }
  /** Run `document`/`operation` (the original when nothing was denied), then pass each result's data through `merge`. */
  | {
      kind: "run";
      document: DocumentNode;
      operation: OperationDefinitionNode;
      /** Identifies the filtered form among those of the same document (a query plan cache key); "" when unchanged. */
      signature: string;
      merge(data: Data): { data: Data; errors: GraphQLError[] };
    };

const unchangedMerge = (data: Data) => ({ data, errors: [] });

/**
 * The router's enforcement of `@authenticated`, `@requiresScopes` and `@policy` on one operation,
 * for any transport: the operation is filtered (filter-operation.ts) before it is planned, and
 * every result of the filtered one (the HTTP response, or each event of a subscription) gets the
 * denied selections back as nulls with errors (merge-denied.ts). An operation with nothing
 * authorized in it is refused: UNAUTHENTICATED (401) for anonymous callers, FORBIDDEN (403) for
 * signed-in ones.
 */
export function authorizeOperation(input: AuthorizeInput): OperationAuthorization {
  const { index, document, operation, viewer, variables } = input;
  if (!index) {
    return {
      kind: "refused",
      errors: [new GraphQLError("Authorization is unavailable", { extensions: { code: ErrorCode.INTERNAL, http: { status: 503 } } })],
    };
  }
  if (index.empty) return { kind: "run", document, operation, signature: "", merge: unchangedMerge };
  const filtered = filterOperation({ index, document, operation, viewer, evaluatePolicy: input.evaluatePolicy, variables });
  if (filtered.unchanged) return { kind: "run", document, operation, signature: "", merge: unchangedMerge };
  if (input.log.isLevelEnabled("debug"))
    input.log.debug({ userId: viewer?.userId, denied: filtered.denials.map((d) => d.coordinate) }, "unauthorized selections removed");
  if (filtered.nothingAuthorized) {
    const status = viewer ? 403 : 401;
    return { kind: "refused", errors: filtered.denials.map((denial) => unauthorizedError(viewer, denial.path, status)) };
  }
  if (filtered.nothingLeft) return { kind: "empty" };
  return {
    kind: "run",
    document: filtered.document,
    operation: filtered.operation,
    signature: filtered.signature,
    merge: (data) =>
      mergeDenied({
        schema: index.schema,
        document,
        operation,
        variables,
        denied: filtered.denied,
        data,
        errorAt: (path) => unauthorizedError(viewer, path),
      }),
  };
}

/** UNAUTHENTICATED for anonymous callers (signing in may help), FORBIDDEN for signed-in ones. */
export function unauthorizedError(viewer: Viewer | null, path: readonly (string | number)[], httpStatus?: number): GraphQLError {
  const extensions: Record<string, unknown> = viewer ? { code: ErrorCode.FORBIDDEN } : { code: ErrorCode.UNAUTHENTICATED };
  if (httpStatus) extensions.http = { status: httpStatus };
  const message = viewer ? "You are not allowed to access this field" : "Authentication is required to access this field";
  // One error per denied list position can be many errors; their stack traces say nothing and
  // capturing them was most of the merge's cost.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new GraphQLError(message, { path, extensions });
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}
