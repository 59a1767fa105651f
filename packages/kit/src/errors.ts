import { ApolloServerErrorCode, unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, type GraphQLFormattedError } from "graphql";

/**
 * The error codes our own code throws, carried in `extensions.code`. Clients switch on these, so
 * they are part of the API: add codes, never rename them.
 */
export const ErrorCode = {
  UNAUTHENTICATED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  BAD_USER_INPUT: "BAD_USER_INPUT",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  RATE_LIMITED: "RATE_LIMITED",
  INTERNAL: "INTERNAL",
  /**
   * Set by the router, never by a subgraph: a subgraph could not answer (unreachable, timed out,
   * or no GraphQL response). The fields it was to resolve are null; retrying later may succeed.
   * The error carries `serviceName`.
   */
  SUBGRAPH_UNAVAILABLE: "SUBGRAPH_UNAVAILABLE",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * Codes that reach the client unchanged: ours, plus the request-level ones Apollo Server and the
 * gateway produce for malformed requests (a client needs to tell "your query is invalid" from
 * "our server failed").
 */
const PUBLIC_CODES = new Set<string>([...Object.values(ErrorCode), ...Object.values(ApolloServerErrorCode), "PERSISTED_QUERY_NOT_FOUND"]);
PUBLIC_CODES.delete(ApolloServerErrorCode.INTERNAL_SERVER_ERROR);

/** Whether an error with this `extensions.code` reaches the client as it is (see createErrorFormatter). */
export const isPublicErrorCode = (code: unknown): boolean => typeof code === "string" && PUBLIC_CODES.has(code);

export interface AppErrorOptions {
  /** Extra, client-safe details (e.g. the offending field). Never internal state. */
  details?: Record<string, unknown>;
  /** The underlying error, kept for logs only. */
  cause?: unknown;
}

/** Every error our code throws on purpose: a message for humans and a stable code for programs. */
export class AppError extends GraphQLError {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, { extensions: { code, ...options.details }, originalError: options.cause instanceof Error ? options.cause : undefined });
    this.code = code;
    this.name = "AppError";
  }
}

export class BadUserInputError extends AppError {
  /** @param field the argument or input field at fault, reported as `extensions.field` */
  constructor(message: string, field?: string, details: Record<string, unknown> = {}) {
    super(ErrorCode.BAD_USER_INPUT, message, { details: field ? { field, ...details } : details });
  }
}
export class NotFoundError extends AppError {
  constructor(message: string) {
    super(ErrorCode.NOT_FOUND, message);
  }
}
export class UnauthenticatedError extends AppError {
  constructor(message = "Authentication is required") {
    super(ErrorCode.UNAUTHENTICATED, message);
  }
}
export class ForbiddenError extends AppError {
  constructor(message = "You are not allowed to do this") {
    super(ErrorCode.FORBIDDEN, message);
  }
}
export class ConflictError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(ErrorCode.CONFLICT, message, { details });
  }
}
export class RateLimitedError extends AppError {
  constructor(message: string, retryAfterSeconds: number) {
    super(ErrorCode.RATE_LIMITED, message, { details: { retryAfterSeconds } });
  }
}

export const INTERNAL_MESSAGE = "Internal server error";

/**
 * Apollo Server `formatError`: known codes pass through with their message; anything else
 * (a bug, a database failure, a Prisma error with SQL in its message) becomes a bare INTERNAL
 * error. Stack traces are never included. `onInternal` receives the original error for logging.
 */
export function createErrorFormatter(onInternal: (error: unknown) => void) {
  return function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
    if (isPublicErrorCode(formatted.extensions?.code)) {
      const { stacktrace: _stack, exception: _exception, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    if (isUncodedRequestError(error)) return { message: formatted.message, extensions: { code: ApolloServerErrorCode.BAD_REQUEST } };
    onInternal(error instanceof GraphQLError && error.originalError ? error.originalError : unwrapResolverError(error));
    return {
      message: INTERNAL_MESSAGE,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: ErrorCode.INTERNAL },
    };
  };
}

/**
 * Apollo Server refuses some malformed requests with an error that has a 4xx status and no code
 * (an automatic persisted query whose hash does not match its text, or of an unknown version).
 * Those are the client's mistakes, not our failures. Our own errors always carry a code.
 * Checked by shape: Apollo Server's ESM build and our code may load different copies of
 * graphql-js (its .mjs and its CommonJS entry), and `instanceof GraphQLError` fails across them.
 */
function isUncodedRequestError(error: unknown): boolean {
  const extensions =
    typeof error === "object" && error !== null ? (error as { extensions?: Record<string, unknown> }).extensions : undefined;
  if (!extensions || extensions.code !== undefined) return false;
  const status = (extensions.http as { status?: unknown } | undefined)?.status;
  return typeof status === "number" && status >= 400 && status < 500;
}
