import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createTestServer, type CatalogTestServer } from "@amazoff/catalog/testing";
import { createLogger } from "@amazoff/kit";
import { errorCodes, graphqlClient, type GraphQLClient } from "@amazoff/kit/testing";
import { startRouter, type RunningRouter } from "@amazoff/router";
import { composeFromConfig } from "@amazoff/router/composition";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

let catalog: CatalogTestServer;
let router: RunningRouter;
let query: GraphQLClient;

beforeAll(async () => {
  catalog = await createTestServer({ products: 60 });
  // The real supergraph.yaml, composed as `npm start` does; the router is pointed at the test
  // catalog's random port.
  const composed = await composeFromConfig(path.join(root, "supergraph.yaml"));
  if (!composed.ok) throw new Error(composed.errors.join("\n"));
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), "amazoff-e2e-")), "supergraph.graphql");
  await writeFile(file, composed.supergraphSdl);
  router = await startRouter({
    supergraphPath: file,
    port: 0,
    host: "127.0.0.1",
    logger: createLogger({ service: "router", level: "silent" }),
    subgraphUrlOverrides: { catalog: catalog.url },
    responseCache: { ttlMs: 60_000, cacheableRootFields: new Set(["Query.products", "Query.categories"]) },
  });
  query = graphqlClient(router.url);
});

afterAll(async () => {
  await router?.stop();
  await catalog?.stop();
});

describe("router with the catalog subgraph", () => {
  it("answers the foundation issue's query", async () => {
    const response = await query(
      `{ products(first: 5) { totalCount edges { node { name price { amount currency } category { name } } } } }`,
    );
    expect(response.status).toBe(200);
    expect(response.errors).toBeUndefined();
    const products = response.data!.products;
    expect(products.totalCount).toBe(60);
    expect(products.edges).toHaveLength(5);
    for (const { node } of products.edges) {
      expect(node.name).toEqual(expect.any(String));
      expect(Number.isInteger(node.price.amount)).toBe(true);
      expect(node.price.currency).toBe("USD");
      expect(node.category.name).toEqual(expect.any(String));
    }
  });

  it("gives a validation error with its code for a field that does not exist", async () => {
    const response = await query(`{ products(first: 1) { edges { node { nope } } } }`);
    expect(response.status).toBe(400);
    expect(errorCodes(response)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    expect(response.errors![0]!.message).toContain('Cannot query field "nope" on type "Product"');
  });

  it("gives a parse error with its code for a malformed document", async () => {
    const response = await query(`{ products(first: 1) { `);
    expect(response.status).toBe(400);
    expect(errorCodes(response)).toEqual(["GRAPHQL_PARSE_FAILED"]);
  });

  it("passes a subgraph's BAD_USER_INPUT through with its field", async () => {
    const response = await query(`{ products(first: 1000) { totalCount } }`);
    expect(errorCodes(response)).toEqual(["BAD_USER_INPUT"]);
    expect(response.errors![0]!.extensions!.field).toBe("first");
  });

  it("rejects a body that is not JSON with 400, not a crash", async () => {
    const response = await fetch(router.url, { method: "POST", headers: { "content-type": "application/json" }, body: "{nope" });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: "BAD_REQUEST" } }] });
  });

  it("answers GET queries (cache-friendly clients) and echoes the request id", async () => {
    const url = `${router.url}?query=${encodeURIComponent("{ categories { slug } }")}`;
    const response = await fetch(url, { headers: { "x-request-id": "e2e-request-1", "apollo-require-preflight": "true" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("e2e-request-1");
    const body = (await response.json()) as { data: { categories: unknown[] } };
    expect(body.data.categories.length).toBeGreaterThan(0);
  });

  it("answers a repeated anonymous catalog query from the response cache, and nothing else", async () => {
    const ask = (query: string, headers: Record<string, string> = {}) =>
      fetch(router.url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query }) });
    const query = "{ products(first: 3, sort: PRICE_DESC) { edges { node { sku } } } }";
    const first = await ask(query);
    expect(first.headers.get("x-cache")).toBe("MISS");
    const second = await ask(query);
    expect(second.headers.get("x-cache")).toBe("HIT");
    expect(second.headers.get("cache-control")).toBe("public, max-age=60");
    expect(await second.json()).toEqual(await first.json());
    // Errors are not cached, and a query that is not cacheable passes straight through.
    expect((await ask("{ products(first: 1000) { totalCount } }")).headers.get("x-cache")).toBe("MISS");
    expect((await ask("{ products(first: 1000) { totalCount } }")).headers.get("x-cache")).toBe("MISS");
    expect((await ask('{ productBySlug(slug: "x") { id } }')).headers.get("x-cache")).toBeNull();
  });

  it("is healthy and ready", async () => {
    const base = router.url.replace(/\/graphql$/, "");
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/ready`)).status).toBe(200);
  });
});
