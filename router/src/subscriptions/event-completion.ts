import { executeQueryPlan, type GraphQLDataSource, type ServiceMap } from "@apollo/gateway";
import type { FetchNode, QueryPlan, SubscriptionNode } from "@apollo/query-planner";
import type { GraphQLError } from "graphql";
import type { RouterContext } from "../context.ts";
import type { SupergraphPlans } from "./supergraph-plans.ts";
import type { UpstreamEvent } from "./upstream.ts";

type RequestContext = Parameters<typeof executeQueryPlan>[2];
type OperationContext = Parameters<typeof executeQueryPlan>[3];

/**
 * How each event of a federated subscription is completed with the fields other subgraphs own.
 *
 * Decision: the event runs through @apollo/gateway's own executor (`executeQueryPlan`), as the plan
 * `Sequence[primary, rest]` in which the primary fetch "answers" with the event the subgraph
 * pushed (eventDataSource below). The gateway's executor then does what it does for every query:
 * entity fetches with their representations, `@requires` inputs and rewrites, merging, the shaping
 * of the response to the operation (aliases, fragments, `__typename`), nulls for failed fetches
 * with errors at their paths, and `serviceName` on every subgraph error. An executor of our own
 * would duplicate all of that, and differ from the HTTP path in exactly the corner cases clients
 * notice; with this one, an event and a query with the same selection give the same shape and the
 * same errors (the completion fetches go through the router's SubgraphDataSource, with its
 * deadlines and SUBGRAPH_UNAVAILABLE errors). When the router gets an executor of its own (a later
 * issue), `completeEvent` is the one place to swap: it takes a plan, the event and the request,
 * and gives the result.
 */
export interface EventCompletion {
  /** `Sequence[primary, rest]`, or the primary alone when the subgraph's event is the whole answer. */
  readonly plan: QueryPlan;
  readonly primary: FetchNode;
  readonly plans: SupergraphPlans;
  readonly operationContext: OperationContext;
  readonly request: { query: string; variables: Record<string, unknown>; operationName?: string };
}

export function eventCompletionOf(
  node: SubscriptionNode,
  plans: SupergraphPlans,
  operationContext: OperationContext,
  request: EventCompletion["request"],
): EventCompletion {
  const plan: QueryPlan = { kind: "QueryPlan", node: node.rest ? { kind: "Sequence", nodes: [node.primary, node.rest] } : node.primary };
  return { plan, primary: node.primary, plans, operationContext, request };
}

/**
 * The primary fetch's subgraph, answering the primary fetch with the event, and anything else
 * (the rest of the plan may fetch from the same subgraph) as the subgraph itself.
 */
function eventDataSource(primary: FetchNode, event: UpstreamEvent, subgraph: GraphQLDataSource | undefined): GraphQLDataSource {
  return {
    async process(options) {
      if (options.request.query === primary.operation)
        return { data: event.data ?? null, ...(event.errors ? { errors: event.errors } : {}) };
      if (!subgraph) throw new Error(`no data source for ${primary.serviceName}`);
      return subgraph.process(options);
    },
  };
}

/** One event, completed: the operation's data (nulls where fetches failed) and the errors, not yet masked. */
export async function completeEvent(
  completion: EventCompletion,
  event: UpstreamEvent,
  context: RouterContext,
): Promise<{ data: Record<string, unknown> | null | undefined; errors: readonly GraphQLError[] }> {
  const { primary, plans } = completion;
  const services: ServiceMap = {
    ...plans.services,
    [primary.serviceName]: eventDataSource(primary, event, plans.services[primary.serviceName]),
  };
  // What executeQueryPlan reads of the request: its variables (fetch variables, @skip/@include
  // conditions), the context handed to the data sources, a logger, and metrics, which it writes
  // into (a fresh object per event, or the error paths it records would pile up).
  const requestContext = {
    request: completion.request,
    context,
    logger: context.log,
    metrics: {},
    operationName: completion.request.operationName ?? null,
  } as unknown as RequestContext;
  const result = await executeQueryPlan(
    completion.plan,
    services,
    requestContext,
    completion.operationContext,
    plans.supergraphSchema,
    plans.apiSchemaInternal,
  );
  return { data: result.data, errors: (result.errors ?? []) as readonly GraphQLError[] };
}
