import { ConflictError } from "@amazoff/kit";
import { Prisma } from "../generated/prisma/client.ts";
import type { CatalogDb } from "../db.ts";
import type { Product, ProductFacets, ProductFilter, ProductPosition, ProductSearch, ProductSort, ProductStatus } from "./product.model.ts";
import {
  afterCondition,
  filterConditions,
  matchCondition,
  orderBy,
  PRICE_EDGES,
  PRODUCT_COLUMNS,
  rankExpression,
  whereClause,
} from "./product.sql.ts";

// Reads are plain SQL through `db.sql` (see sqlReader in @amazoff/db for the measured reason);
// `Prisma.sql` builds them, so every value is a bound parameter. Writes use Prisma's model API.

interface ProductRow {
  id: string;
  sku: string;
  name: string;
  slug: string;
  description: string;
  price_amount: number;
  currency: string;
  category_id: string;
  status: ProductStatus;
  supplier_id: string | null;
  tags: string[] | null;
  created_at: Date;
  updated_at: Date;
  rank?: number;
}

function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    slug: row.slug,
    description: row.description,
    price: { amount: row.price_amount, currency: row.currency },
    categoryId: row.category_id,
    status: row.status,
    supplierId: row.supplier_id,
    tags: row.tags ?? [],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The sort key of a product, as stored in a cursor (JSON-safe). */
export function sortKeyOf(product: Product & { rank?: number }, sort: ProductSort): string | number {
  switch (sort) {
    case "RELEVANCE":
      return product.rank ?? 0;
    case "NAME_ASC":
      return product.name;
    case "PRICE_ASC":
    case "PRICE_DESC":
      return product.price.amount;
    case "NEWEST":
      return product.createdAt.toISOString();
  }
}

export interface ProductWrite {
  sku?: string;
  name?: string;
  slug?: string;
  description?: string;
  priceAmount?: number;
  currency?: string;
  categoryId?: string;
  supplierId?: string | null;
  tags?: string[];
  status?: ProductStatus;
}

/** Maps a unique violation to CONFLICT naming the field; anything else goes up unchanged. */
function conflictOn(error: unknown): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    // With a driver adapter the constraint sits deeper in `meta` than `target`; search all of it.
    const target = JSON.stringify(error.meta ?? {});
    const field = target.includes("sku") ? "sku" : target.includes("slug") ? "slug" : "input";
    throw new ConflictError(`Another product already has this ${field}`, { field: `input.${field}` });
  }
  throw error;
}

export class ProductRepository {
  constructor(private readonly db: CatalogDb) {}

  async findByIds(ids: readonly string[]): Promise<Product[]> {
    const rows = await this.db.sql.query<ProductRow>(
      Prisma.sql`SELECT ${PRODUCT_COLUMNS} FROM products WHERE id = ANY(${[...ids]}::uuid[])`,
    );
    return rows.map(toProduct);
  }

  async findBySlug(slug: string): Promise<Product | null> {
    const rows = await this.db.sql.query<ProductRow>(Prisma.sql`SELECT ${PRODUCT_COLUMNS} FROM products WHERE slug = ${slug}`);
    return rows[0] ? toProduct(rows[0]) : null;
  }

  /** One page in `sort` order (relevance needs `search`); `take` includes the look-ahead row. */
  async list(args: {
    filter: ProductFilter;
    search?: ProductSearch;
    sort: ProductSort;
    after?: ProductPosition;
    take: number;
  }): Promise<(Product & { rank?: number })[]> {
    const conditions = filterConditions(args.filter);
    if (args.search) conditions.push(matchCondition(args.search));
    if (args.after) conditions.push(afterCondition(args.after, args.search));
    const rank = args.search ? Prisma.sql`, ${rankExpression(args.search)} AS rank` : Prisma.empty;
    const rows = await this.db.sql.query<ProductRow>(
      Prisma.sql`SELECT ${PRODUCT_COLUMNS}${rank} FROM products ${whereClause(conditions)} ORDER BY ${orderBy(args.sort)} LIMIT ${args.take}`,
    );
    return rows.map((row) => ({ ...toProduct(row), ...(row.rank !== undefined ? { rank: row.rank } : {}) }));
  }

  async count(filter: ProductFilter, search?: ProductSearch): Promise<number> {
    const conditions = filterConditions(filter);
    if (search) conditions.push(matchCondition(search));
    const [row] = await this.db.sql.query<{ n: number }>(Prisma.sql`SELECT count(*)::int AS n FROM products ${whereClause(conditions)}`);
    return row?.n ?? 0;
  }

  /**
   * Facet counts for the current search and filter: per category ignoring the category filter,
   * per price bucket ignoring the price filter (so a shopper sees what choosing another facet
   * value would give).
   */
  async facets(filter: ProductFilter, search?: ProductSearch): Promise<ProductFacets> {
    const match = search ? [matchCondition(search)] : [];
    const byCategory = [...filterConditions(filter, "category"), ...match];
    const byPrice = [...filterConditions(filter, "price"), ...match];
    const edges = PRICE_EDGES;
    const [categories, prices] = await Promise.all([
      this.db.sql.query<{ category_id: string; n: number }>(
        Prisma.sql`SELECT category_id, count(*)::int AS n FROM products ${whereClause(byCategory)} GROUP BY category_id ORDER BY n DESC, category_id`,
      ),
      this.db.sql.query<{ bucket: number; n: number }>(
        Prisma.sql`SELECT width_bucket(price_amount, ${edges}::int[]) AS bucket, count(*)::int AS n FROM products ${whereClause(byPrice)} GROUP BY bucket ORDER BY bucket`,
      ),
    ]);
    const counts = new Map(prices.map((p) => [p.bucket, p.n]));
    return {
      categories: categories.map((c) => ({ categoryId: c.category_id, count: c.n })),
      priceBuckets: edges.map((min, i) => ({ min, max: edges[i + 1] ?? null, count: counts.get(i + 1) ?? 0 })),
    };
  }

  async create(data: Required<Omit<ProductWrite, "status" | "supplierId">> & { supplierId: string | null }): Promise<Product> {
    try {
      const created = await this.db.prisma.product.create({ data, select: { id: true } });
      return (await this.findByIds([created.id]))[0]!;
    } catch (error) {
      conflictOn(error);
    }
  }

  async update(id: string, data: ProductWrite): Promise<Product | null> {
    try {
      const updated = await this.db.prisma.product.updateMany({ where: { id }, data });
      if (updated.count === 0) return null;
      return (await this.findByIds([id]))[0] ?? null;
    } catch (error) {
      conflictOn(error);
    }
  }

  async slugExists(slug: string): Promise<boolean> {
    const rows = await this.db.sql.query<{ one: number }>(Prisma.sql`SELECT 1 AS one FROM products WHERE slug = ${slug}`);
    return rows.length > 0;
  }
}
