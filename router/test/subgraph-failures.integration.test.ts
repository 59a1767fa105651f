import { mkdtemp, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { ConflictError, createLogger, NotFoundError, startSubgraphServer, type RequestBase, type RunningServer } from "@amazoff/kit";
import { capturingLogger, eventually, graphqlClient, type GraphQLClient, type GraphQLResponse } from "@amazoff/kit/testing";
import { parse } from "graphql";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startRouter, type RunningRouter } from "../src/server.ts";
import { composeSupergraph } from "./support/compose.ts";
import { startFaultProxy, type FaultProxy } from "./support/fault-proxy.ts";

// A catalog that owns products, a stock subgraph that contributes fields to them, and a reviews
// subgraph that is never running. Both running subgraphs sit behind proxies that fail on demand.
const CATALOG_SDL = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
  type Query {
    products: [Product!]!
    product(id: ID!): Product
    missing: String
    broken: String
  }
  type Product @key(fields: "id") {
    id: ID!
    name: String!
  }
`;
const STOCK_SDL = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
  type Query {
    warehouses: [String!]
  }
  type Product @key(fields: "id") {
    id: ID!
    stock: Int
    label: String
    recount: Int
  }
`;
const REVIEWS_SDL = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
  type Product @key(fields: "id") {
    id: ID!
    rating: Float
  }
`;
const PRODUCTS = [
  { id: "1", name: "Lamp" },
  { id: "2", name: "Desk" },
];
const STOCK_TIMEOUT_MS = 300;

let catalog: RunningServer;
let stock: RunningServer;
let catalogProxy: FaultProxy;
let stockProxy: FaultProxy;
let router: RunningRouter;
let query: GraphQLClient;
/** What the router logs, for the tests that check it. */
const { logger: routerLogger, lines: logLines } = capturingLogger("router", "info");

/** A port nothing listens on: calls to it are refused. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const summary = (response: GraphQLResponse) =>
  (response.errors ?? []).map((e) => `${(e.path ?? []).join(".")} ${String(e.extensions?.code)} ${String(e.extensions?.serviceName)}`);

beforeAll(async () => {
  const logger = createLogger({ service: "fixture", level: "silent" });
  catalog = await startSubgraphServer({
    name: "catalog",
    typeDefs: parse(CATALOG_SDL),
    port: 0,
    host: "127.0.0.1",
    logger,
    context: (base: RequestBase) => base,
    resolvers: {
      Query: {
        products: () => PRODUCTS,
        product: (_: unknown, { id }: { id: string }) => PRODUCTS.find((p) => p.id === id) ?? null,
        missing: () => {
          throw new NotFoundError("No such thing");
        },
        broken: () => {
          throw new Error('relation "things" does not exist');
        },
      },
      Product: { __resolveReference: (ref: { id: string }) => PRODUCTS.find((p) => p.id === ref.id) },
    },
  });
  stock = await startSubgraphServer({
    name: "stock",
    typeDefs: parse(STOCK_SDL),
    port: 0,
    host: "127.0.0.1",
    logger,
    context: (base: RequestBase) => base,
    resolvers: {
      Query: { warehouses: () => ["north"] },
      Product: {
        __resolveReference: (ref: { id: string }) => ({ id: ref.id, stock: Number(ref.id) * 10, label: "in stock" }),
        recount: () => {
          throw new ConflictError("Stock is being recounted");
        },
      },
    },
  });
  catalogProxy = await startFaultProxy(new URL(catalog.url).origin);
  stockProxy = await startFaultProxy(new URL(stock.url).origin);
  const supergraphFile = path.join(await mkdtemp(path.join(os.tmpdir(), "amazoff-failures-")), "supergraph.graphql");
  await writeFile(
    supergraphFile,
    composeSupergraph({
      catalog: { sdl: CATALOG_SDL, url: catalogProxy.url },
      stock: { sdl: STOCK_SDL, url: stockProxy.url },
      reviews: { sdl: REVIEWS_SDL, url: `http://127.0.0.1:${await closedPort()}/graphql` },
    }),
  );
  router = await startRouter({
    supergraphPath: supergraphFile,
    port: 0,
    host: "127.0.0.1",
    logger: routerLogger,
    // A default no test can wait for: only the per-subgraph timeout lets the hanging case end.
    subgraphTimeouts: { defaultMs: 600_000, bySubgraph: { stock: STOCK_TIMEOUT_MS } },
    subgraphHealthIntervalMs: 100,
  });
  query = graphqlClient(router.url.replace("localhost", "127.0.0.1"));
});

afterEach(() => {
  catalogProxy.mode = "forward";
  stockProxy.mode = "forward";
});

afterAll(async () => {
  await router?.stop();
  await catalogProxy?.close();
  await stockProxy?.close();
  await catalog?.stop();
  await stock?.stop();
});

describe("a subgraph that cannot answer", () => {
  const listing = `{ products { id name stock label } }`;

  it("serves everything with every subgraph up", async () => {
    const response = await query(listing);
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({
      products: [
        { id: "1", name: "Lamp", stock: 10, label: "in stock" },
        { id: "2", name: "Desk", stock: 20, label: "in stock" },
      ],
    });
  });

  it("unreachable: nulls only its fields, with a SUBGRAPH_UNAVAILABLE error at each of their paths", async () => {
    stockProxy.mode = "reset";
    const response = await query(listing);
    expect(response.status).toBe(200);
    expect(response.data).toEqual({
      products: [
        { id: "1", name: "Lamp", stock: null, label: null },
        { id: "2", name: "Desk", stock: null, label: null },
      ],
    });
    expect(summary(response)).toEqual([
      "products.0.stock SUBGRAPH_UNAVAILABLE stock",
      "products.0.label SUBGRAPH_UNAVAILABLE stock",
      "products.1.stock SUBGRAPH_UNAVAILABLE stock",
      "products.1.label SUBGRAPH_UNAVAILABLE stock",
    ]);
    expect(response.errors![0]).toEqual({
      message: "The stock service is unavailable",
      path: ["products", 0, "stock"],
      extensions: { code: "SUBGRAPH_UNAVAILABLE", reason: "unreachable", serviceName: "stock" },
    });
  });

  it("refusing connections (nothing listening): the same", async () => {
    const response = await query(`{ products { name rating } }`);
    expect(response.data).toEqual({
      products: [
        { name: "Lamp", rating: null },
        { name: "Desk", rating: null },
      ],
    });
    expect(summary(response)).toEqual(["products.0.rating SUBGRAPH_UNAVAILABLE reviews", "products.1.rating SUBGRAPH_UNAVAILABLE reviews"]);
  });

  it("hanging: times out after the subgraph's own timeout, with the same shape", async () => {
    stockProxy.mode = "hang";
    const response = await query(`{ products { name stock } }`);
    expect(response.data).toEqual({
      products: [
        { name: "Lamp", stock: null },
        { name: "Desk", stock: null },
      ],
    });
    expect(summary(response)).toEqual(["products.0.stock SUBGRAPH_UNAVAILABLE stock", "products.1.stock SUBGRAPH_UNAVAILABLE stock"]);
    expect(response.errors![0]!.extensions).toMatchObject({ reason: "timeout" });
    expect(response.errors![0]!.message).toBe(`The stock service did not answer within ${STOCK_TIMEOUT_MS} ms`);
  });

  it("answering an error page: the same, and nothing of the page reaches the client", async () => {
    stockProxy.mode = "html500";
    const response = await query(`{ products { name stock } }`);
    expect(summary(response)).toEqual(["products.0.stock SUBGRAPH_UNAVAILABLE stock", "products.1.stock SUBGRAPH_UNAVAILABLE stock"]);
    expect(response.errors![0]!.extensions).toMatchObject({ reason: "bad_response" });
    expect(JSON.stringify(response)).not.toMatch(/srv|db\.js|html/);
  });

  it("a root field's subgraph down: that field is null with its error, the others answer", async () => {
    catalogProxy.mode = "reset";
    const response = await query(`{ product(id: "1") { name } warehouses }`);
    expect(response.data).toEqual({ product: null, warehouses: ["north"] });
    expect(summary(response)).toEqual(["product SUBGRAPH_UNAVAILABLE catalog"]);
  });
});

describe("errors a subgraph reports", () => {
  it("keeps a typed error's message and code, at its path, with the subgraph's name", async () => {
    const response = await query(`{ missing }`);
    expect(response.errors).toEqual([
      { message: "No such thing", path: ["missing"], extensions: { code: "NOT_FOUND", serviceName: "catalog" } },
    ]);

    const recount = await query(`{ products { name recount } }`);
    expect(recount.data).toEqual({
      products: [
        { name: "Lamp", recount: null },
        { name: "Desk", recount: null },
      ],
    });
    expect(recount.errors).toEqual([
      { message: "Stock is being recounted", path: ["products", 0, "recount"], extensions: { code: "CONFLICT", serviceName: "stock" } },
      { message: "Stock is being recounted", path: ["products", 1, "recount"], extensions: { code: "CONFLICT", serviceName: "stock" } },
    ]);
  });

  it("keeps a typed error of a whole call (401 with a GraphQL body) at every path the call was for, without the HTTP details", async () => {
    stockProxy.mode = { status: 401, body: { errors: [{ message: "Your session has ended", extensions: { code: "UNAUTHENTICATED" } }] } };
    const response = await query(`{ products { name stock } }`);
    expect(response.data).toEqual({
      products: [
        { name: "Lamp", stock: null },
        { name: "Desk", stock: null },
      ],
    });
    expect(response.errors).toEqual([
      { message: "Your session has ended", path: ["products", 0, "stock"], extensions: { code: "UNAUTHENTICATED", serviceName: "stock" } },
      { message: "Your session has ended", path: ["products", 1, "stock"], extensions: { code: "UNAUTHENTICATED", serviceName: "stock" } },
    ]);
  });

  it("masks an unexpected one as INTERNAL, keeping its path and subgraph, and logs it with the request id", async () => {
    const response = await query(`{ broken }`, undefined, { "x-request-id": "req-broken-1" });
    expect(response.errors).toEqual([
      { message: "Internal server error", path: ["broken"], extensions: { code: "INTERNAL", serviceName: "catalog" } },
    ]);
    expect(logLines).toContainEqual(
      expect.objectContaining({
        msg: "subgraph error masked",
        requestId: "req-broken-1",
        serviceName: "catalog",
        path: ["broken"],
        code: "INTERNAL",
      }),
    );
  });

  it("masks a code our subgraphs do not use, with whatever its message says", async () => {
    stockProxy.mode = {
      status: 200,
      body: {
        data: { warehouses: null },
        errors: [{ message: "password authentication failed for user admin", path: ["warehouses"], extensions: { code: "DB_ERROR" } }],
      },
    };
    const response = await query(`{ warehouses }`, undefined, { "x-request-id": "req-leaky-1" });
    expect(response.errors).toEqual([
      { message: "Internal server error", path: ["warehouses"], extensions: { code: "INTERNAL", serviceName: "stock" } },
    ]);
    expect(logLines).toContainEqual(
      expect.objectContaining({
        msg: "subgraph error masked",
        requestId: "req-leaky-1",
        serviceName: "stock",
        code: "DB_ERROR",
        subgraphMessage: "password authentication failed for user admin",
      }),
    );
  });
});

describe("/ready", () => {
  const ready = async () => {
    const response = await fetch(router.url.replace("localhost", "127.0.0.1").replace("/graphql", "/ready"));
    return {
      status: response.status,
      body: (await response.json()) as {
        status: string;
        subgraphs: Record<string, { up: boolean; latencyMs: number | null; checkedAt: string | null; error?: string }>;
      },
    };
  };

  it("reports each subgraph's state, probed in the background", async () => {
    const seen = await eventually(async () => {
      const current = await ready();
      if (!current.body.subgraphs.stock?.up || !current.body.subgraphs.catalog?.up) throw new Error("not probed yet");
      return current;
    });
    // reviews never runs: the router serves, degraded.
    expect(seen.status).toBe(200);
    expect(seen.body.status).toBe("degraded");
    expect(seen.body.subgraphs.catalog).toMatchObject({ up: true, checkedAt: expect.any(String) });
    expect(seen.body.subgraphs.catalog!.latencyMs).toBeTypeOf("number");
    expect(seen.body.subgraphs.reviews).toMatchObject({ up: false, latencyMs: null, error: "ECONNREFUSED" });

    stockProxy.mode = "html500";
    const down = await eventually(async () => {
      const current = await ready();
      if (current.body.subgraphs.stock!.up) throw new Error("still up");
      return current;
    });
    expect(down.body.subgraphs.stock).toMatchObject({ up: false, latencyMs: null, error: "HTTP 500" });
    expect(logLines).toContainEqual(expect.objectContaining({ msg: "subgraph unavailable", serviceName: "stock" }));

    stockProxy.mode = "forward";
    await eventually(async () => {
      if (!(await ready()).body.subgraphs.stock!.up) throw new Error("still down");
    });
    expect(logLines).toContainEqual(expect.objectContaining({ msg: "subgraph available again", serviceName: "stock" }));
  });
});
