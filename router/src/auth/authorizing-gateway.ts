import { createHash } from "node:crypto";
import type { ApolloServerOptionsWithGateway, BaseContext } from "@apollo/server";
import type { Logger, Viewer } from "@amazoff/kit";
import { authorizeOperation } from "./authorize-operation.ts";
import type { AuthorizationIndex } from "./directives-index.ts";
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
 * Wraps the gateway so that its executor only ever plans and runs what the caller may see
 * (authorize-operation.ts): the filtered operation is executed by the inner gateway under its own
 * query-plan cache key, and the denied selections are merged back into the response. An operation
 * with nothing authorized in it is answered here, no subgraph called.
 */
export function createAuthorizingGateway(inner: GatewayInterface, options: AuthorizingGatewayOptions): GatewayInterface {
  const log = options.logger.child({ source: "authorization" });

  const authorize = async (executor: GatewayExecutor, original: GatewayRequestContext) => {
    // Neither the filter below nor the gateway (which throws, a 500) can work without an operation.
    if (!original.operation) return { errors: [operationResolutionError(original.document, original.request.operationName)] };
    // The plan cache key (queryHash and operationName) still identifies the reduced document.
    const document = selectedOperationDocument(original.document, original.operation);
    const requestContext = document === original.document ? original : { ...original, document };
    const authorization = authorizeOperation({
      index: options.index(),
      document: requestContext.document,
      operation: requestContext.operation,
      viewer: options.viewerOf(requestContext.context),
      variables: variablesWithDefaults(requestContext.operation, requestContext.request.variables),
      evaluatePolicy: options.evaluatePolicy,
      log,
    });
    if (authorization.kind === "refused") return { errors: authorization.errors };
    if (authorization.kind === "empty") return { data: {} };
    if (!authorization.signature) return executor(requestContext);
    const result = await executor({
      ...requestContext,
      document: authorization.document,
      operation: authorization.operation,
      // The gateway caches query plans by this hash: the filtered operation must not share the
      // original's plan (nor another caller's filtered form).
      queryHash: createHash("sha256").update(requestContext.queryHash).update("\u0000authz:").update(authorization.signature).digest("hex"),
    });
    const merged = authorization.merge(result.data);
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
