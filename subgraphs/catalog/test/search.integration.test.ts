import { demoCategories, demoProducts } from "@amazoff/demo-data";
import { errorCodes, startTestIssuer, type TestIssuer } from "@amazoff/kit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestServer, type CatalogTestServer } from "./test-server.ts";

const COUNT = 300;
const demo = [...demoProducts(COUNT)];
const categories = demoCategories();

let server: CatalogTestServer;
let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await startTestIssuer();
  server = await createTestServer({ products: COUNT, usersJwksUrl: issuer.jwksUrl });
});
afterAll(async () => {
  await server?.stop();
  await issuer?.stop();
});

const SEARCH = /* GraphQL */ `
  query Search($query: String, $filter: ProductFilter, $sort: ProductSort, $first: Int, $after: String) {
    products(query: $query, filter: $filter, sort: $sort, first: $first, after: $after) {
      totalCount
      edges { node { id name description tags price { amount } category { id } } }
      pageInfo { hasNextPage endCursor }
      facets { categories { category { id name } count } priceBuckets { min { amount } max { amount } count } }
    }
  }
`;

type Node = { id: string; name: string; description: string; tags: string[]; price: { amount: number }; category: { id: string } };

async function search(variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await server.query(SEARCH, variables, headers);
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data!.products as {
    totalCount: number;
    edges: { node: Node }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    facets: {
      categories: { category: { id: string }; count: number }[];
      priceBuckets: { min: { amount: number }; max: { amount: number } | null; count: number }[];
    };
  };
}

describe("full-text search", () => {
  it("finds products by words of their name, best matches first", async () => {
    const result = await search({ query: "espresso machine", first: 50 });
    const expected = demo.filter((p) => /espresso machine/i.test(p.name));
    expect(expected.length).toBeGreaterThan(0);
    expect(result.totalCount).toBeGreaterThanOrEqual(expected.length);
    for (const { node } of result.edges.slice(0, expected.length)) expect(node.name).toMatch(/Espresso Machine/);
  });

  it("ranks a match in the name above a match in the description only", async () => {
    // "wireless" names headphones, and appears only in the descriptions of some laptops.
    const result = await search({ query: "wireless", first: 100 });
    const inName = result.edges.map((e) => /wireless/i.test(e.node.name));
    expect(inName.some((x) => !x)).toBe(true);
    expect(inName.indexOf(false)).toBeGreaterThan(0);
    expect(inName.slice(inName.indexOf(false)).every((x) => !x)).toBe(true);
  });

  it("understands web-search syntax: exclusions and quoted phrases", async () => {
    const all = await search({ query: "laptop", first: 100 });
    const noChromebooks = await search({ query: "laptop -chromebook", first: 100 });
    expect(noChromebooks.edges.every((e) => !/Chromebook/.test(e.node.name))).toBe(true);
    expect(noChromebooks.totalCount).toBeLessThanOrEqual(all.totalCount);
    const phrase = await search({ query: '"noise cancellation"', first: 100 });
    expect(phrase.totalCount).toBeGreaterThan(0);
    for (const { node } of phrase.edges) expect(`${node.name} ${node.description}`.toLowerCase()).toContain("noise cancellation");
  });

  it("falls back to typo-tolerant name matching when nothing matches exactly", async () => {
    const result = await search({ query: "expresso machne", first: 5 });
    expect(result.totalCount).toBeGreaterThan(0);
    expect(result.edges[0]!.node.name).toMatch(/Espresso Machine/);
  });

  it("pages through relevance results without repeating or losing any", async () => {
    const whole = await search({ query: "shoes", first: 100 });
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page = await search({ query: "shoes", first: 3, after });
      seen.push(...page.edges.map((e) => e.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(whole.edges.map((e) => e.node.id));
  });

  it("rejects RELEVANCE without a query, and an overlong query", async () => {
    expect(errorCodes(await server.query(SEARCH, { sort: "RELEVANCE" }))).toEqual(["BAD_USER_INPUT"]);
    expect(errorCodes(await server.query(SEARCH, { query: "x".repeat(201) }))).toEqual(["BAD_USER_INPUT"]);
  });

  it("treats hostile text as text", async () => {
    for (const query of ["'; DROP TABLE products; --", "a & b | !c", ":* <-> ()", "((((", "é漢字🙂"]) {
      const response = await server.query(SEARCH, { query, first: 3 });
      expect(response.errors).toBeUndefined();
    }
    expect(errorCodes(await server.query(SEARCH, { query: "bad\u0000byte" }))).toEqual(["BAD_USER_INPUT"]);
    expect((await search({ first: 1 })).totalCount).toBe(COUNT);
  });
});

describe("filters and facets", () => {
  const electronics = categories.find((c) => c.slug === "electronics")!;
  const children = new Set(categories.filter((c) => c.parentId === electronics.id).map((c) => c.id));

  it("includes subcategories of a category filter unless told not to", async () => {
    const result = await search({ filter: { categoryId: electronics.id }, first: 100 });
    const expected = demo.filter((p) => children.has(p.categoryId));
    expect(result.totalCount).toBe(expected.length);
    expect(result.edges.every((e) => children.has(e.node.category.id))).toBe(true);
    expect((await search({ filter: { categoryId: electronics.id, includeSubcategories: false } })).totalCount).toBe(0);
  });

  it("filters by tags (all of them) and price range together", async () => {
    const result = await search({ filter: { tags: ["black"], minPrice: 5000, maxPrice: 50000 }, first: 100 });
    const expected = demo.filter((p) => p.tags.includes("black") && p.priceAmount >= 5000 && p.priceAmount <= 50000);
    expect(result.totalCount).toBe(expected.length);
    for (const { node } of result.edges) expect(node.tags).toContain("black");
  });

  it("counts facets for the current search, each ignoring its own filter", async () => {
    const laptops = categories.find((c) => c.slug === "laptops")!;
    const result = await search({ filter: { categoryId: laptops.id, maxPrice: 150000 }, first: 1 });
    const inPriceRange = demo.filter((p) => p.priceAmount <= 150000);
    const expectedLaptops = inPriceRange.filter((p) => p.categoryId === laptops.id).length;
    // Category counts ignore the category filter: other categories show up with their counts.
    const laptopFacet = result.facets.categories.find((f) => f.category.id === laptops.id);
    expect(expectedLaptops).toBeGreaterThan(0);
    expect(laptopFacet?.count).toBe(expectedLaptops);
    expect(result.facets.categories.length).toBeGreaterThan(1);
    expect(result.facets.categories.reduce((sum, f) => sum + f.count, 0)).toBe(inPriceRange.length);
    // Price buckets ignore the price filter: every laptop is counted in some bucket.
    const allLaptops = demo.filter((p) => p.categoryId === laptops.id).length;
    expect(result.facets.priceBuckets.reduce((sum, b) => sum + b.count, 0)).toBe(allLaptops);
    expect(result.facets.priceBuckets.at(-1)!.max).toBeNull();
  });

  it("counts price buckets without minPrice and maxPrice, and with every other filter", async () => {
    const tagged = demo.filter((p) => p.tags.includes("black"));
    const narrowed = await search({ filter: { tags: ["black"], maxPrice: 2_499 }, first: 1 });
    const unpriced = await search({ filter: { tags: ["black"] }, first: 1 });
    expect(narrowed.totalCount).toBe(tagged.filter((p) => p.priceAmount <= 2_499).length);
    // The buckets are those of the search without a price filter: the ones above maxPrice keep their counts...
    expect(narrowed.facets.priceBuckets).toEqual(unpriced.facets.priceBuckets);
    expect(narrowed.facets.priceBuckets.reduce((sum, b) => sum + b.count, 0)).toBe(tagged.length);
    expect(narrowed.facets.priceBuckets.slice(1).some((b) => b.count > 0)).toBe(true);
    // ...while the category facet, another dimension, does apply the price filter.
    expect(narrowed.facets.categories.reduce((sum, f) => sum + f.count, 0)).toBe(narrowed.totalCount);
    // Choosing exactly one bucket's range gives that bucket's count as the total.
    for (const bucket of narrowed.facets.priceBuckets.filter((b) => b.max)) {
      const chosen = await search({ filter: { tags: ["black"], minPrice: bucket.min.amount, maxPrice: bucket.max!.amount - 1 }, first: 1 });
      expect(chosen.totalCount).toBe(bucket.count);
    }
  });

  it("keeps suppliers to staff: filtering by one is FORBIDDEN for customers", async () => {
    const customer = issuer.headers("11111111-1111-4111-8111-111111111111", "CUSTOMER");
    const response = await server.query(SEARCH, { filter: { supplierId: demo[0]!.supplierId } }, customer);
    expect(errorCodes(response)).toEqual(["FORBIDDEN"]);
    const staff = issuer.headers("22222222-2222-4222-8222-222222222222", "EMPLOYEE");
    const result = await search({ filter: { supplierId: demo[0]!.supplierId }, first: 100 }, staff);
    expect(result.totalCount).toBe(demo.filter((p) => p.supplierId === demo[0]!.supplierId).length);
  });
});
