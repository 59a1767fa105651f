import { buildOperationContext } from "@apollo/gateway";
import { ErrorCode, INTERNAL_MESSAGE, type Logger, type Viewer } from "@amazoff/kit";
import {
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLError as GraphQLErrorClass,
  type GraphQLFormattedError,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import type { OperationAuthorization } from "../auth/index.ts";
import { operationResolutionError } from "../auth/operation-resolution.ts";
import { selectedOperationDocument } from "../auth/selected-operation.ts";
import { variablesWithDefaults, type VariableValues } from "../auth/skip-include.ts";
import type { RouterContext } from "../context.ts";
import { createRouterErrorFormatter, logMaskedErrors } from "../errors.ts";
import type { SubgraphServices } from "../execution/subgraph-services.ts";
import { ReservedAliasesRule } from "../validation/reserved-aliases.ts";
import { getOperationAST, getVariableValues, parse, specifiedRules, validate } from "./graphql-runtime.ts";
import { completeEvent, eventCompletionOf, type EventCompletion } from "./event-completion.ts";
import { createSubscriptionStream, type StreamResult, type SubscriptionStream } from "./subscription-stream.ts";
import { buildSupergraphPlans, planKey, type SupergraphPlans } from "./supergraph-plans.ts";
import { subscribeUpstream, type UpstreamEvent } from "./upstream.ts";

/** A subscription request as graphql-ws carries it. */
export interface SubscriptionRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

/** A subscription that may start: authorized, planned, ready to run for its caller. */
export interface PreparedSubscription {
  readonly completion: EventCompletion;
  readonly authorization: Extract<OperationAuthorization, { kind: "run" }>;
  /** The response key of the subscription's root field: where errors about the whole subscription sit. */
  readonly rootPath: readonly string[];
  readonly operationName: string | undefined;
}

export interface SubscriptionExecutorOptions {
  services: SubgraphServices;
  /** The router's enforcement of the authorization directives (the HTTP path's). */
  authorize(input: {
    document: DocumentNode;
    operation: OperationDefinitionNode;
    viewer: Viewer | null;
    variables: VariableValues;
  }): OperationAuthorization;
  logger: Logger;
  /** Longest wait for a subgraph's connection_ack. */
  upstreamAckTimeoutMs: number;
  /** Most events of one subscription waiting for their completion. */
  maxPendingEvents: number;
}

export interface SubscriptionExecutor {
  /** Follows the supergraph the gateway serves (first load and hot reloads). */
  onSupergraph(supergraphSdl: string): void;
  /** Parses, validates, authorizes and plans a subscription: the prepared subscription, or the errors to answer (formatted). */
  prepare(request: SubscriptionRequest, viewer: Viewer | null, log: Logger): PreparedSubscription | { errors: GraphQLFormattedError[] };
  /** Runs a prepared subscription for its caller: the stream the client reads. */
  start(prepared: PreparedSubscription, context: RouterContext): SubscriptionStream<UpstreamEvent>;
}

const error = (message: string, code: string, extra: Partial<GraphQLFormattedError> = {}): GraphQLFormattedError => ({
  message,
  ...extra,
  extensions: { code, ...extra.extensions },
});

/** The response key of the operation's one root field (validation guarantees there is one), through fragments. */
function rootFieldKey(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>): string | undefined {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) return selection.alias?.value ?? selection.name.value;
    const inner = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragments.get(selection.name.value)?.selectionSet;
    const key = inner && rootFieldKey(inner, fragments);
    if (key) return key;
  }
  return undefined;
}

/**
 * Federated subscriptions, which @apollo/gateway does not execute. A subscription is validated
 * against the schema clients see, authorized like any operation (`@authenticated`,
 * `@requiresScopes`, `@policy`: denied selections removed before planning, merged back as nulls
 * with errors into every event; nothing authorized is refused here), and planned by the query
 * planner into a `SubscriptionNode`: its primary fetch runs as a graphql-ws subscription on the
 * subgraph that owns the root field (upstream.ts), and each event it pushes is completed with the
 * rest of the plan (event-completion.ts), its errors masked as on HTTP (errors.ts).
 */
export function createSubscriptionExecutor(options: SubscriptionExecutorOptions): SubscriptionExecutor {
  const log = options.logger.child({ source: "subscriptions" });
  const formatError = createRouterErrorFormatter();
  let sdl: string | undefined;
  let plans: SupergraphPlans | undefined;

  /** Built on the first subscription after each (re)load: a supergraph without subscribers costs nothing. */
  const current = (): SupergraphPlans | undefined => {
    if (!plans && sdl) plans = buildSupergraphPlans(sdl, options.services);
    return plans;
  };

  /** As Apollo Server formats an HTTP response's errors: masked, logged, without the `http` status hints. */
  const format = (errors: readonly (GraphQLErrorClass | GraphQLFormattedError)[], requestLog: Logger, operationName?: string) => {
    logMaskedErrors(requestLog, errors, operationName);
    return errors.map((e) => {
      const formatted = formatError("toJSON" in e ? e.toJSON() : e, e);
      if (!formatted.extensions || !("http" in formatted.extensions)) return formatted;
      const { http: _http, ...extensions } = formatted.extensions;
      return { ...formatted, extensions };
    });
  };

  function prepare(
    request: SubscriptionRequest,
    viewer: Viewer | null,
    requestLog: Logger,
  ): PreparedSubscription | { errors: GraphQLFormattedError[] } {
    let supergraph: SupergraphPlans | undefined;
    try {
      supergraph = current();
    } catch (failure) {
      log.error({ err: failure }, "the supergraph could not be prepared for subscriptions");
    }
    if (!supergraph) return { errors: [error(INTERNAL_MESSAGE, ErrorCode.INTERNAL)] };
    if (typeof request.query !== "string") return { errors: [error("The subscription has no query", "BAD_REQUEST")] };

    let document: DocumentNode;
    try {
      document = parse(request.query);
    } catch (failure) {
      const { message, locations } = failure as GraphQLErrorClass;
      return { errors: [error(message, "GRAPHQL_PARSE_FAILED", locations ? { locations } : {})] };
    }
    const invalid = validate(supergraph.apiSchema, document, [...specifiedRules, ReservedAliasesRule]);
    if (invalid.length) {
      return { errors: invalid.map((e) => error(e.message, "GRAPHQL_VALIDATION_FAILED", e.locations ? { locations: e.locations } : {})) };
    }
    const operationName = request.operationName ?? undefined;
    const operation = getOperationAST(document, operationName);
    if (!operation) return { errors: [error(operationResolutionError(document, operationName).message, "OPERATION_RESOLUTION_FAILURE")] };
    if (operation.operation !== "subscription") {
      return { errors: [error("Only subscriptions are served over WebSocket; send queries and mutations over HTTP", "BAD_REQUEST")] };
    }
    const coerced = getVariableValues(supergraph.apiSchema, operation.variableDefinitions ?? [], request.variables ?? {});
    if (coerced.errors) return { errors: coerced.errors.map((e) => error(e.message, ErrorCode.BAD_USER_INPUT)) };
    const variables = request.variables ?? {};

    const selected = selectedOperationDocument(document, operation);
    const authorization = options.authorize({
      document: selected,
      operation,
      viewer,
      variables: variablesWithDefaults(operation, variables),
    });
    if (authorization.kind === "refused") return { errors: format(authorization.errors, requestLog, operationName) };
    if (authorization.kind === "empty") return { errors: [error("The subscription selects no field", "BAD_REQUEST")] };

    const fragments = new Map(
      authorization.document.definitions
        .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((f) => [f.name.value, f]),
    );
    const rootKey = rootFieldKey(authorization.operation.selectionSet, fragments);
    let completion: EventCompletion;
    try {
      const plan = supergraph.plan(authorization.document, operationName, planKey(request.query, operationName, authorization.signature));
      if (plan.node?.kind !== "Subscription") return { errors: [error("The subscription selects no field", "BAD_REQUEST")] };
      const operationContext = buildOperationContext({
        schema: supergraph.apiSchema,
        operationDocument: authorization.document,
        operationName,
      });
      completion = eventCompletionOf(plan.node, supergraph, operationContext, { query: request.query, variables, operationName });
    } catch (failure) {
      requestLog.error({ err: failure, operationName }, "subscription could not be planned");
      return { errors: [error(INTERNAL_MESSAGE, ErrorCode.INTERNAL)] };
    }
    return { completion, authorization, rootPath: rootKey ? [rootKey] : [], operationName };
  }

  function start(prepared: PreparedSubscription, context: RouterContext): SubscriptionStream<UpstreamEvent> {
    const { completion, authorization, rootPath, operationName } = prepared;
    const { primary } = completion;
    const url = completion.plans.urlOf(primary.serviceName);
    const variables: Record<string, unknown> = {};
    for (const name of primary.variableUsages ?? []) {
      if (completion.request.variables[name] !== undefined) variables[name] = completion.request.variables[name];
    }
    let closeUpstream = () => {};
    const stream = createSubscriptionStream<UpstreamEvent>({
      async complete(event) {
        const { data, errors } = await completeEvent(completion, event, context);
        const merged = authorization.merge(data);
        const all = [...merged.errors, ...errors];
        return {
          data: merged.data ?? null,
          ...(all.length ? { errors: format(all, context.log, operationName) } : {}),
        } satisfies StreamResult;
      },
      failed(failure) {
        context.log.error({ err: failure, operationName }, "subscription event could not be completed");
        return { data: null, errors: [error(INTERNAL_MESSAGE, ErrorCode.INTERNAL, { path: [...rootPath] })] };
      },
      maxPending: options.maxPendingEvents,
      overflowErrors: () => {
        context.log.warn(
          { operationName, maxPendingEvents: options.maxPendingEvents },
          "subscription ended: events arrive faster than they complete",
        );
        return [
          error("Events arrived faster than they could be delivered; subscribe again", ErrorCode.RATE_LIMITED, { path: [...rootPath] }),
        ];
      },
      onClose: () => closeUpstream(),
    });
    if (!url) {
      stream.end([
        error(`The ${primary.serviceName} service is unavailable`, ErrorCode.SUBGRAPH_UNAVAILABLE, {
          path: [...rootPath],
          extensions: { serviceName: primary.serviceName, reason: "unreachable" },
        }),
      ]);
      return stream;
    }
    context.log.debug({ operationName, serviceName: primary.serviceName }, "subscription started");
    void stream.ended.then(() => context.log.debug({ operationName }, "subscription ended"));
    closeUpstream = subscribeUpstream({
      serviceName: primary.serviceName,
      url,
      connectionParams: {
        ...(context.accessToken ? { authorization: `Bearer ${context.accessToken}` } : {}),
        "x-request-id": context.requestId,
      },
      request: { query: primary.operation, variables, ...(primary.operationName ? { operationName: primary.operationName } : {}) },
      rootPath,
      ackTimeoutMs: options.upstreamAckTimeoutMs,
      onEvent: (event) => stream.deliver(event),
      onEnd: (errors) => stream.end(errors ? format(errors, context.log, operationName) : undefined),
      log: context.log,
    });
    return stream;
  }

  return {
    onSupergraph(next) {
      sdl = next;
      plans = undefined;
    },
    prepare,
    start,
  };
}
