import { createHash } from "node:crypto";
import type { ApolloServerOptionsWithGateway, BaseContext } from "@apollo/server";
import { ErrorCode, type Logger, type Viewer } from "@amazoff/kit";
import { GraphQLError } from "./graphql-error.ts";
import type { AuthorizationIndex } from "./directives-index.ts";
import { filterOperation } from "./filter-operation.ts";
import { mergeDenied } from "./merge-denied.ts";
import { operationResolutionError } from "./operation-resolution.ts";
import { selectedOperationDocument } from "./selected-operation.ts";
import type { PolicyEvaluator } from "./requirements.ts";
import { variablesWithDefaults } from "./skip-include.ts";

export type GatewayInterface = ApolloServerOptionsWithGateway<BaseContext>["gateway"];
type GatewayExecutor = NonNullable<Awaited<ReturnType<GatewayInterface["load"]>>["executor"]>;
type GatewayRequestContext = Parameters<GatewayExecutor>[0];

export interface AuthorizingGatewayOptions {
  /** The index of the supergraph in service; undefined when it could not be built (fail closed). */
  index: () => AuthorizationIndex | undefined;
  /** The verified caller of a request, from its context. */
  viewerOf: (context: unknown) => Viewer | null;
  evaluatePolicy: PolicyEvaluator;
  logger: Logger;
}

/**
 * Wraps the gateway so that its executor only ever plans and runs what the caller may see:
 * the operation is filtered (filter-operation.ts), the filtered one is executed by the inner
 * gateway under its own query-plan cache key, and the denied selections are merged back into
 * the response as nulls with errors (merge-denied.ts). An operation with nothing authorized in
 * it is answered here: 401 for anonymous callers, 403 for signed-in ones, no subgraph called.
 */
export function createAuthorizingGateway(inner: GatewayInterface, options: AuthorizingGatewayOptions): GatewayInterface {
  const log = options.logger.child({ source: "authorization" });

  const authorize = async (executor: GatewayExecutor, original: GatewayRequestContext) => {
    // Neither the filter below nor the gateway (which throws, a 500) can work without an operation.
    if (!original.operation) return { errors: [operationResolutionError(original.document, original.request.operationName)] };
    // The plan cache key (queryHash and operationName) still identifies the reduced document.
    const document = selectedOperationDocument(original.document, original.operation);
    const requestContext = document === original.document ? original : { ...original, document };
    const index = options.index();
    if (!index) {
      return {
        errors: [new GraphQLError("Authorization is unavailable", { extensions: { code: ErrorCode.INTERNAL, http: { status: 503 } } })],
      };
    }
    if (index.empty) return executor(requestContext);
    const viewer = options.viewerOf(requestContext.context);
    const variables = variablesWithDefaults(requestContext.operation, requestContext.request.variables);
    const filtered = filterOperation({
      index,
      document: requestContext.document,
      operation: requestContext.operation,
      viewer,
      evaluatePolicy: options.evaluatePolicy,
      variables,
    });
    if (filtered.unchanged) return executor(requestContext);
    if (log.isLevelEnabled("debug"))
      log.debug({ userId: viewer?.userId, denied: filtered.denials.map((d) => d.coordinate) }, "unauthorized selections removed");
    if (filtered.nothingAuthorized) {
      const status = viewer ? 403 : 401;
      return { errors: filtered.denials.map((denial) => unauthorizedError(viewer, denial.path, status)) };
    }
    if (filtered.nothingLeft) return { data: {} };
    const result = await executor({
      ...requestContext,
      document: filtered.document,
      operation: filtered.operation,
      // The gateway caches query plans by this hash: the filtered operation must not share the
      // original's plan (nor another caller's filtered form).
      queryHash: createHash("sha256").update(requestContext.queryHash).update("\u0000authz:").update(filtered.signature).digest("hex"),
    });
    const merged = mergeDenied({
      schema: index.schema,
      document: requestContext.document,
      operation: requestContext.operation,
      variables,
      denied: filtered.denied,
      data: result.data,
      errorAt: (path) => unauthorizedError(viewer, path),
    });
    const errors = [...merged.errors, ...(result.errors ?? [])];
    return { ...result, data: merged.data, ...(errors.length ? { errors } : {}) };
  };

  return {
    async load(loadOptions) {
      const { executor } = await inner.load(loadOptions);
      if (!executor) return { executor };
      return { executor: (requestContext) => authorize(executor, requestContext) };
    },
    onSchemaLoadOrUpdate: (callback) => inner.onSchemaLoadOrUpdate(callback),
    stop: () => inner.stop(),
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
