import { demoProducts } from "@amazoff/demo-data";
import { errorCodes, type GraphQLResponse } from "@amazoff/kit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestServer, type CatalogTestServer } from "./test-server.ts";

const COUNT = 90;
const demo = [...demoProducts(COUNT)];

let server: CatalogTestServer;
beforeAll(async () => {
  server = await createTestServer({ products: COUNT });
});
afterAll(() => server?.stop());

const PAGE = /* GraphQL */ `
  query Page($first: Int, $after: String, $filter: ProductFilter, $sort: ProductSort) {
    products(first: $first, after: $after, filter: $filter, sort: $sort) {
      totalCount
      edges { cursor node { id sku name price { amount currency formatted } createdAt } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
`;

interface PageResult {
  products: {
    totalCount: number;
    edges: {
      cursor: string;
      node: { id: string; sku: string; name: string; price: { amount: number; currency: string; formatted: string }; createdAt: string };
    }[];
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  };
}

async function walk(variables: Record<string, unknown>, first: number) {
  const seen: PageResult["products"]["edges"][number]["node"][] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 100; pages += 1) {
    const response: GraphQLResponse<PageResult> = await server.query<PageResult>(PAGE, { ...variables, first, after });
    expect(response.errors).toBeUndefined();
    const page: PageResult["products"] = response.data!.products;
    seen.push(...page.edges.map((e) => e.node));
    expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
    if (!page.pageInfo.hasNextPage) return seen;
    after = page.pageInfo.endCursor;
  }
  throw new Error("pagination did not end");
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

describe("products connection", () => {
  it("returns the first page with totalCount and Money in minor units", async () => {
    const response = await server.query<PageResult>(PAGE, { first: 5, sort: "PRICE_ASC" });
    expect(response.errors).toBeUndefined();
    const { totalCount, edges, pageInfo } = response.data!.products;
    expect(totalCount).toBe(COUNT);
    expect(edges).toHaveLength(5);
    expect(pageInfo.hasNextPage).toBe(true);
    const cheapest = Math.min(...demo.map((p) => p.priceAmount));
    expect(edges[0]!.node.price).toEqual({ amount: cheapest, currency: "USD", formatted: `$${(cheapest / 100).toFixed(2)}` });
  });

  it.each(["NAME_ASC", "PRICE_ASC", "PRICE_DESC", "NEWEST"])("walks every product exactly once in %s order", async (sort) => {
    const seen = await walk({ sort }, 7);
    expect(seen).toHaveLength(COUNT);
    expect(new Set(seen.map((p) => p.id)).size).toBe(COUNT);
    const keys = seen.map((p) => (sort === "NAME_ASC" ? p.name : sort === "NEWEST" ? p.createdAt : p.price.amount));
    const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(keys).toEqual(sort === "PRICE_DESC" || sort === "NEWEST" ? sorted.reverse() : sorted);
  });

  it("filters by category and price range, and counts what matches", async () => {
    const categoryId = demo[0]!.categoryId;
    const [minPrice, maxPrice] = [5_000, 60_000];
    const expected = demo.filter((p) => p.categoryId === categoryId && p.priceAmount >= minPrice && p.priceAmount <= maxPrice);
    const seen = await walk({ filter: { categoryId, minPrice, maxPrice } }, 2);
    expect(seen.map((p) => p.sku).sort()).toEqual(expected.map((p) => p.sku).sort());
    const response = await server.query<PageResult>(PAGE, { first: 1, filter: { categoryId, minPrice, maxPrice } });
    expect(response.data!.products.totalCount).toBe(expected.length);
  });

  it("returns an empty page for first: 0 but still counts", async () => {
    const response = await server.query<PageResult>(PAGE, { first: 0 });
    expect(response.data!.products).toMatchObject({ totalCount: COUNT, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it.each([
    [{ first: -1 }, "first"],
    [{ first: 101 }, "first"],
    [{ after: "not-a-cursor" }, "after"],
    [{ filter: { minPrice: -5 } }, "filter.minPrice"],
    [{ filter: { minPrice: 500, maxPrice: 100 } }, "filter.minPrice"],
    [{ filter: { categoryId: "electronics" } }, "filter.categoryId"],
  ])("rejects %j with BAD_USER_INPUT naming %s", async (variables, field) => {
    const response = await server.query(PAGE, variables);
    expect(errorCodes(response)).toEqual(["BAD_USER_INPUT"]);
    expect(response.errors![0]!.extensions!.field).toBe(field);
    expect(response.data).toBeNull();
  });

  it("refuses a cursor taken from a list in another order", async () => {
    const first = await server.query<PageResult>(PAGE, { first: 2, sort: "PRICE_ASC" });
    const response = await server.query(PAGE, { first: 2, sort: "NAME_ASC", after: first.data!.products.pageInfo.endCursor });
    expect(errorCodes(response)).toEqual(["BAD_USER_INPUT"]);
  });

  it("lists the first page in name order by default", async () => {
    const response = await server.query<PageResult>(PAGE, { first: 3 });
    expect(response.data!.products.edges.map((e) => e.node.name)).toEqual(
      [...demo]
        .sort(byName)
        .slice(0, 3)
        .map((p) => p.name),
    );
  });
});

describe("single products", () => {
  const QUERY = /* GraphQL */ `
    query One($id: ID!, $slug: String!) {
      product(id: $id) { id sku name slug description category { slug parent { slug } } }
      productBySlug(slug: $slug) { id }
    }
  `;

  it("finds a product by id and by slug, with its category", async () => {
    const product = demo[3]!;
    const response = await server.query(QUERY, { id: product.id, slug: product.slug });
    expect(response.errors).toBeUndefined();
    expect(response.data!.product).toMatchObject({
      id: product.id,
      sku: product.sku,
      name: product.name,
      description: product.description,
    });
    expect(response.data!.product.category.parent.slug).toBeTruthy();
    expect(response.data!.productBySlug).toEqual({ id: product.id });
  });

  it("answers null for an unknown id or slug", async () => {
    const response = await server.query(QUERY, { id: "00000000-0000-4000-8000-000000000000", slug: "no-such-product" });
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ product: null, productBySlug: null });
  });

  it("rejects a malformed id with BAD_USER_INPUT, not a database error", async () => {
    const response = await server.query(QUERY, { id: "1; DROP TABLE products", slug: "x" });
    expect(errorCodes(response)).toEqual(["BAD_USER_INPUT"]);
    expect(JSON.stringify(response.errors)).not.toMatch(/prisma|SELECT|uuid/i);
  });
});

describe("categories", () => {
  it("returns the tree from the top level down", async () => {
    const response = await server.query(`{ categories { name slug parent { id } children { name parent { slug } } } }`);
    expect(response.errors).toBeUndefined();
    const top = response.data!.categories as { slug: string; parent: null; children: { parent: { slug: string } }[] }[];
    expect(top.length).toBeGreaterThanOrEqual(5);
    for (const category of top) {
      expect(category.parent).toBeNull();
      for (const child of category.children) expect(child.parent.slug).toBe(category.slug);
    }
  });

  it("pages through the products of a category", async () => {
    const categoryId = demo[1]!.categoryId;
    const response = await server.query(
      `query($id: ID!) { category(id: $id) { products(first: 100) { totalCount edges { node { sku } } } } }`,
      { id: categoryId },
    );
    const expected = demo
      .filter((p) => p.categoryId === categoryId)
      .map((p) => p.sku)
      .sort();
    const connection = response.data!.category.products;
    expect(connection.totalCount).toBe(expected.length);
    expect(connection.edges.map((e: { node: { sku: string } }) => e.node.sku).sort()).toEqual(expected);
  });
});

describe("federation", () => {
  const ENTITIES = /* GraphQL */ `
    query Entities($representations: [_Any!]!) {
      _entities(representations: $representations) {
        ... on Product { id name category { name } }
        ... on Category { id slug }
      }
    }
  `;

  it("resolves many Product references with one batched query per entity type", async () => {
    const representations = [
      ...demo.slice(0, 25).map((p) => ({ __typename: "Product", id: p.id })),
      { __typename: "Product", id: "00000000-0000-4000-8000-000000000000" },
      { __typename: "Product", id: "not-a-uuid" },
      { __typename: "Category", id: demo[0]!.categoryId },
    ];
    server.statements.length = 0;
    const response = await server.query(ENTITIES, { representations });
    expect(response.errors).toBeUndefined();
    const entities = response.data!._entities as ({ id: string; name?: string } | null)[];
    expect(entities).toHaveLength(28);
    expect(entities.slice(0, 25).map((e) => e!.id)).toEqual(demo.slice(0, 25).map((p) => p.id));
    expect(entities[25]).toBeNull();
    expect(entities[26]).toBeNull();
    expect(entities[27]).toMatchObject({ id: demo[0]!.categoryId });
    // No N+1: one SELECT for the 25 products; one for the referenced category (resolved in the
    // same tick as the products) and one for the categories of all 25 products (the next tick).
    const selects = server.statements.filter((sql) => /^\s*SELECT/i.test(sql));
    expect(selects.filter((sql) => /\bFROM "?products"?/i.test(sql))).toHaveLength(1);
    expect(selects.filter((sql) => /\bFROM "?categories"?/i.test(sql))).toHaveLength(2);
  });

  it("exposes the subgraph SDL for composition", async () => {
    const response = await server.query(`{ _service { sdl } }`);
    expect(response.data!._service.sdl).toMatch(/type Product\s+@key\(fields: "id"\)/);
  });
});
