import { createHash } from "node:crypto";
import { operationFromDocument, Supergraph, type Schema } from "@apollo/federation-internals";
import type { ServiceMap } from "@apollo/gateway";
import { QueryPlanner, type QueryPlan } from "@apollo/query-planner";
import type { DocumentNode, GraphQLSchema } from "graphql";
import { LRUCache } from "lru-cache";
import type { SubgraphServices } from "../execution/subgraph-services.ts";
import { subgraphsOfSupergraph } from "../health/subgraph-health.ts";
import { prepareForGateway } from "../supergraph/prepare.ts";

/**
 * One supergraph as the subscription executor uses it: the schema clients see (validation), the
 * query planner over it, and a data source per subgraph. Built from the same SDL the gateway
 * accepted, so subscriptions are planned against exactly the schema queries are.
 */
export interface SupergraphPlans {
  /** The API schema (what clients see), for validation and the gateway's operation context. */
  readonly apiSchema: GraphQLSchema;
  /** The same, as the gateway's executor takes it. */
  readonly apiSchemaInternal: Schema;
  /** The supergraph schema (join directives and all), as the gateway's executor takes it. */
  readonly supergraphSchema: GraphQLSchema;
  /** Data sources for the completion fetches: the same URLs, deadlines and connections as HTTP. */
  readonly services: ServiceMap;
  /** The GraphQL URL the router calls for a subgraph (overrides applied). */
  urlOf(serviceName: string): string | undefined;
  /** The plan of an operation, cached under `key` (which must identify the document and operation). */
  plan(document: DocumentNode, operationName: string | null | undefined, key: string): QueryPlan;
}

export function buildSupergraphPlans(supergraphSdl: string, services: SubgraphServices): SupergraphPlans {
  const supergraph = Supergraph.build(prepareForGateway(supergraphSdl));
  const apiSchemaInternal = supergraph.apiSchema();
  const planner = new QueryPlanner(supergraph);
  const urls = new Map(subgraphsOfSupergraph(supergraphSdl).map((s) => [s.name, services.urlOf(s.name, s.url)]));
  const serviceMap: ServiceMap = Object.create(null);
  for (const [name, url] of urls) serviceMap[name] = services.dataSource(name, url);
  // Planning is the costly step (milliseconds); a client subscribing again, or many clients with
  // the same operation, reuse a plan.
  const plans = new LRUCache<string, QueryPlan>({ max: 500 });
  return {
    apiSchema: apiSchemaInternal.toGraphQLJSSchema(),
    apiSchemaInternal,
    supergraphSchema: supergraph.schema.toGraphQLJSSchema(),
    services: serviceMap,
    urlOf: (name) => urls.get(name),
    plan(document, operationName, key) {
      let plan = plans.get(key);
      if (!plan) {
        plan = planner.buildQueryPlan(operationFromDocument(apiSchemaInternal, document, { operationName: operationName ?? undefined }));
        plans.set(key, plan);
      }
      return plan;
    },
  };
}

/** A plan cache key: the document's text, the operation, and which filtered form of it runs. */
export function planKey(query: string, operationName: string | null | undefined, authorizationSignature: string): string {
  return createHash("sha256")
    .update(query)
    .update("\u0000")
    .update(operationName ?? "")
    .update("\u0000")
    .update(authorizationSignature)
    .digest("hex");
}
