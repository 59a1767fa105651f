import { demoCategories } from "@amazoff/demo-data";
import type { SqlStatement } from "@amazoff/db";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProductRepository } from "../src/products/product.repository.ts";
import type { ProductFilter, ProductSearch } from "../src/products/product.model.ts";
import { seedCatalog } from "../src/seed/seed.ts";
import { createTestServer, type CatalogTestServer } from "./test-server.ts";

/*
 * The search path's query plans on a catalog of 10,000 products: every statement a search runs
 * (page, count, facets) must reach products through an index, never a sequential scan.
 */
const PRODUCTS = 10_000;

let server: CatalogTestServer;
let statements: SqlStatement[];
let repository: ProductRepository;
let explainer: pg.Pool;

beforeAll(async () => {
  server = await createTestServer();
  await seedCatalog(server.db, PRODUCTS);
  // What autovacuum does in production: statistics, and the GIN indexes' pending lists merged
  // (a large pending list makes the planner avoid a GIN index).
  await server.db.prisma.$executeRawUnsafe("VACUUM ANALYZE products");
  statements = [];
  const recording = {
    ...server.db,
    sql: {
      query: <R>(statement: SqlStatement) => {
        statements.push(statement);
        return server.db.sql.query<R>(statement);
      },
    },
  };
  repository = new ProductRepository(recording);
  explainer = new pg.Pool({ connectionString: server.database.url, max: 1, options: "-c pg_trgm.word_similarity_threshold=0.4" });
}, 180_000);
afterAll(async () => {
  await explainer?.end();
  await server?.stop();
});

type PlanNode = { "Node Type": string; "Relation Name"?: string; "Index Name"?: string; Plans?: PlanNode[] };

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

async function plansOf(run: () => Promise<unknown>): Promise<{ sql: string; nodes: PlanNode[] }[]> {
  statements.length = 0;
  await run();
  const plans = [];
  for (const statement of [...statements]) {
    const { rows } = await explainer.query(`EXPLAIN (FORMAT JSON) ${statement.text}`, statement.values);
    plans.push({ sql: statement.text, nodes: nodes(rows[0]["QUERY PLAN"][0].Plan as PlanNode) });
  }
  return plans;
}

const laptops = demoCategories().find((c) => c.slug === "electronics")!.id;
const active: ProductFilter = { statuses: ["ACTIVE"] };

describe(`search query plans on ${PRODUCTS} products`, () => {
  const cases: [string, ProductSearch, ProductFilter][] = [
    ["a word", { text: "espresso", mode: "FULL_TEXT" }, active],
    ["a phrase and an exclusion", { text: '"noise cancellation" -earbuds', mode: "FULL_TEXT" }, active],
    [
      "words with a price range and tags",
      { text: "running shoes", mode: "FULL_TEXT" },
      { ...active, minPrice: 5000, maxPrice: 20000, tags: ["black"] },
    ],
    ["a fuzzy name", { text: "expresso machne", mode: "FUZZY" }, active],
  ];

  it.each(cases)("%s: page, count and facets use indexes only", async (_label, search, filter) => {
    const plans = await plansOf(async () => {
      await repository.list({ filter, search, sort: "RELEVANCE", take: 21 });
      await repository.count(filter, search);
      await repository.facets(filter, search);
    });
    expect(plans.length).toBe(4);
    for (const plan of plans) {
      const scans = plan.nodes.filter((n) => n["Relation Name"] === "products");
      expect(scans.length, plan.sql).toBeGreaterThan(0);
      for (const scan of scans) expect(scan["Node Type"], plan.sql).not.toBe("Seq Scan");
    }
  });

  it("uses the category filter with a search without scanning the table", async () => {
    const plans = await plansOf(() =>
      repository.list({
        filter: { ...active, categoryIds: [laptops] },
        search: { text: "monitor", mode: "FULL_TEXT" },
        sort: "PRICE_ASC",
        take: 21,
      }),
    );
    const scans = plans[0]!.nodes.filter((n) => n["Relation Name"] === "products");
    expect(scans.map((s) => s["Node Type"])).not.toContain("Seq Scan");
  });
});
