import { createLogger, type Viewer } from "@amazoff/kit";
import type { GraphQLDataSource } from "@apollo/gateway";
import { describe, expect, it } from "vitest";
import { composeSupergraph } from "../../test/support/compose.ts";
import { ALERTS_SDL, CATALOG_SDL, ORDERS_SDL } from "../../test/support/realtime-schemas.ts";
import { createRouterAuthorization } from "../auth/index.ts";
import type { RouterContext } from "../context.ts";
import type { SubgraphServices } from "../execution/subgraph-services.ts";
import { completeEvent } from "./event-completion.ts";
import { createSubscriptionExecutor, type PreparedSubscription } from "./subscription-executor.ts";

const log = createLogger({ service: "test", level: "silent" });
const supergraph = composeSupergraph({
  alerts: { sdl: ALERTS_SDL, url: "http://alerts.test/graphql" },
  orders: { sdl: ORDERS_SDL, url: "http://orders.test/graphql" },
  catalog: { sdl: CATALOG_SDL, url: "http://catalog.test/graphql" },
});

/** Subgraphs that answer entity fetches from memory, recording what they were asked. */
function fakeServices() {
  const calls: { service: string; query: string; variables: unknown }[] = [];
  const answers: Record<string, (variables: { representations: { id: string }[] }) => unknown[]> = {
    orders: ({ representations }) => representations.map((r) => ({ __typename: "Order", status: `status of ${r.id}` })),
    catalog: ({ representations }) => representations.map((r) => ({ __typename: "Product", name: `name of ${r.id}` })),
  };
  const services: SubgraphServices = {
    urlOf: (_name, url) => url,
    dataSource: (name) =>
      ({
        async process({ request }) {
          calls.push({ service: name, query: request.query!, variables: request.variables });
          return { data: { _entities: answers[name]!(request.variables as never) } };
        },
      }) as GraphQLDataSource as never,
    close: async () => {},
  };
  return { services, calls };
}

function executor(services: SubgraphServices = fakeServices().services) {
  const authorization = createRouterAuthorization(log);
  authorization.onSupergraph(supergraph);
  const subscriptions = createSubscriptionExecutor({
    services,
    authorize: (input) => authorization.authorize(input),
    logger: log,
    upstreamAckTimeoutMs: 1_000,
    maxPendingEvents: 10,
  });
  subscriptions.onSupergraph(supergraph);
  return subscriptions;
}

const customer: Viewer = { userId: "customer-1", role: "CUSTOMER", scopes: new Set(), via: "session", tokenId: "t" };
const context: RouterContext = { requestId: "r1", log, viewer: customer, accessToken: "token", clientAddress: "127.0.0.1" };
const codes = (result: object) =>
  "errors" in result ? (result.errors as { extensions?: { code?: unknown } }[]).map((e) => e.extensions?.code) : [];

describe("preparing a subscription", () => {
  it("plans the root field on its subgraph, and the entities it refers to on theirs", () => {
    const prepared = executor().prepare(
      { query: `subscription Mine { alias: notificationAdded { title order { status } } }`, operationName: "Mine" },
      customer,
      log,
    ) as PreparedSubscription;
    expect(prepared.rootPath).toEqual(["alias"]);
    expect(prepared.completion.primary).toMatchObject({ serviceName: "alerts", operationKind: "subscription" });
    expect(prepared.completion.primary.operation).toContain("notificationAdded{title order{__typename id}}");
    expect(JSON.stringify(prepared.completion.plan)).toContain('"serviceName":"orders"');
  });

  it("finds the root field's key through fragments", () => {
    const prepared = executor().prepare(
      {
        query: `subscription { ...Root } fragment Root on Subscription { ... on Subscription { live: stockChanged(productId: "p1") { quantity } } }`,
      },
      null,
      log,
    ) as PreparedSubscription;
    expect(prepared.rootPath).toEqual(["live"]);
  });

  it("refuses what cannot run, each with its code", () => {
    const subscriptions = executor();
    expect(codes(subscriptions.prepare({ query: "subscription {" }, customer, log))).toEqual(["GRAPHQL_PARSE_FAILED"]);
    expect(codes(subscriptions.prepare({ query: "subscription { nope }" }, customer, log))).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    expect(codes(subscriptions.prepare({ query: "{ alertsVersion }" }, customer, log))).toEqual(["BAD_REQUEST"]);
    expect(
      codes(
        subscriptions.prepare({ query: "subscription A { stockChanged(productId: 1) { quantity } }", operationName: "B" }, customer, log),
      ),
    ).toEqual(["OPERATION_RESOLUTION_FAILURE"]);
    expect(
      codes(
        subscriptions.prepare(
          { query: "subscription ($id: ID!) { stockChanged(productId: $id) { quantity } }", variables: { id: [] } },
          customer,
          log,
        ),
      ),
    ).toEqual(["BAD_USER_INPUT"]);
    expect(codes(subscriptions.prepare({ query: "subscription { notificationAdded { title } }" }, null, log))).toEqual(["UNAUTHENTICATED"]);
  });

  it("fails closed before a supergraph is loaded", () => {
    const subscriptions = createSubscriptionExecutor({
      services: fakeServices().services,
      authorize: () => ({ kind: "empty" }),
      logger: log,
      upstreamAckTimeoutMs: 1_000,
      maxPendingEvents: 10,
    });
    expect(codes(subscriptions.prepare({ query: "subscription { x }" }, null, log))).toEqual(["INTERNAL"]);
  });
});

describe("completing an event", () => {
  it("runs the rest of the plan over the event, with the entities' representations", async () => {
    const { services, calls } = fakeServices();
    const prepared = executor(services).prepare(
      { query: `subscription { notificationAdded { title order { status } product { name } } }` },
      customer,
      log,
    ) as PreparedSubscription;
    const event = {
      data: { notificationAdded: { title: "Hi", order: { __typename: "Order", id: "o9" }, product: { __typename: "Product", id: "p9" } } },
    };
    expect(await completeEvent(prepared.completion, event, context)).toEqual({
      data: { notificationAdded: { title: "Hi", order: { status: "status of o9" }, product: { name: "name of p9" } } },
      errors: [],
    });
    expect(calls.map((c) => [c.service, c.variables])).toEqual(
      expect.arrayContaining([
        ["orders", { representations: [{ __typename: "Order", id: "o9" }] }],
        ["catalog", { representations: [{ __typename: "Product", id: "p9" }] }],
      ]),
    );
  });

  it("keeps the subgraph's own errors on the event, with its service name", async () => {
    const prepared = executor().prepare(
      { query: `subscription { stockChanged(productId: "p1") { quantity } }` },
      null,
      log,
    ) as PreparedSubscription;
    const result = await completeEvent(
      prepared.completion,
      { data: null, errors: [{ message: "gone", path: ["stockChanged"], extensions: { code: "NOT_FOUND" } }] },
      context,
    );
    expect(result.data).toBeNull();
    expect(result.errors.map((e) => e.toJSON())).toEqual([
      { message: "gone", path: ["stockChanged"], extensions: { code: "NOT_FOUND", serviceName: "alerts" } },
    ]);
  });
});
