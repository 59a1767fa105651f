import type { ApolloServerPlugin } from "@apollo/server";
import { createErrorFormatter, ErrorCode, INTERNAL_MESSAGE, isPublicErrorCode, type Logger } from "@amazoff/kit";
import type { GraphQLFormattedError } from "graphql";
import type { RouterContext } from "./context.ts";

/**
 * Codes a subgraph's error keeps through the router, with its message: the typed codes our
 * subgraphs throw for expected failures, and the router's own verdict on a subgraph that could not
 * answer. Anything else from a subgraph (INTERNAL, a GraphQL validation error of a subgraph
 * query, a code we do not know) is unexpected: masked, and logged with the request id.
 */
const SUBGRAPH_PUBLIC_CODES = new Set<string>([
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.NOT_FOUND,
  ErrorCode.CONFLICT,
  ErrorCode.RATE_LIMITED,
  ErrorCode.SUBGRAPH_UNAVAILABLE,
]);

/** Extensions that never reach a client: stack traces, and the gateway's copy of a subgraph's HTTP response. */
const PRIVATE_EXTENSIONS = new Set(["stacktrace", "exception", "response", "http"]);

type ErrorLike = Pick<GraphQLFormattedError, "extensions">;

/** The subgraph an error came from; the gateway sets `serviceName` on every subgraph error. */
export function serviceNameOf(error: ErrorLike): string | undefined {
  const serviceName = error.extensions?.serviceName;
  return typeof serviceName === "string" ? serviceName : undefined;
}

/** Whether the client sees this error as it is (true), or as a bare INTERNAL error (false). */
export function isExposed(error: ErrorLike): boolean {
  const code = error.extensions?.code;
  return serviceNameOf(error) ? typeof code === "string" && SUBGRAPH_PUBLIC_CODES.has(code) : isPublicErrorCode(code);
}

/**
 * The router's `formatError`. A subgraph's error keeps its message, code, path, `serviceName` and
 * details when its code is one of SUBGRAPH_PUBLIC_CODES; any other becomes INTERNAL, still with
 * its path and `serviceName` (which field is missing, and whose fault, is no secret). The router's
 * own errors follow the kit's rule. Logging is errorLoggingPlugin's job: it knows the request.
 */
export function createRouterErrorFormatter() {
  const formatOwn = createErrorFormatter(() => {});
  return function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
    const serviceName = serviceNameOf(formatted);
    if (!serviceName) return formatOwn(formatted, error);
    const path = formatted.path ? { path: formatted.path } : {};
    if (isExposed(formatted)) {
      const extensions = Object.fromEntries(Object.entries(formatted.extensions ?? {}).filter(([key]) => !PRIVATE_EXTENSIONS.has(key)));
      return { message: formatted.message, ...path, extensions };
    }
    return { message: INTERNAL_MESSAGE, ...path, extensions: { code: ErrorCode.INTERNAL, serviceName } };
  };
}

/** What the router logs of an error: a GraphQLError, or a subgraph's error as it came. */
type LoggedError = ErrorLike & { message: string; path?: readonly (string | number)[]; originalError?: unknown };

/**
 * Logs every error of a result that the client will see as INTERNAL, once, with the request's
 * logger (request id, user): a subgraph's with its `serviceName`, path and original code and
 * message (the subgraph logged its details under the same request id), the router's own with the
 * error itself.
 */
export function logMaskedErrors(log: Logger, errors: readonly LoggedError[], operationName: string | null | undefined): void {
  for (const error of errors) {
    const serviceName = serviceNameOf(error);
    if (serviceName) {
      if (isExposed(error)) continue;
      const details = { serviceName, path: error.path, code: error.extensions?.code, subgraphMessage: error.message, operationName };
      log.error(details, "subgraph error masked");
    } else if (!isExposed(error) || error.extensions?.code === ErrorCode.INTERNAL) {
      log.error({ err: error.originalError ?? error, path: error.path, operationName }, "internal error");
    }
  }
}

/** logMaskedErrors for every HTTP request. */
export function errorLoggingPlugin(): ApolloServerPlugin<RouterContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue, errors, operationName }) {
          logMaskedErrors(contextValue.log, errors, operationName);
        },
      };
    },
  };
}
