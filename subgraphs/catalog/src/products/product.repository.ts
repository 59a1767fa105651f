import { Prisma } from "../generated/prisma/client.ts";
import type { CatalogDb } from "../db.ts";
import type { Product, ProductFilter, ProductPosition, ProductSort } from "./product.model.ts";

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
  created_at: Date;
}

const COLUMNS = Prisma.sql`id, sku, name, slug, description, price_amount, currency, category_id, created_at`;

function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    slug: row.slug,
    description: row.description,
    price: { amount: row.price_amount, currency: row.currency },
    categoryId: row.category_id,
    createdAt: row.created_at,
  };
}

/** Column and direction of each sort; ties are broken by id in the same direction. */
const SORTS = {
  NAME_ASC: { column: "name", direction: "ASC" },
  PRICE_ASC: { column: "price_amount", direction: "ASC" },
  PRICE_DESC: { column: "price_amount", direction: "DESC" },
  NEWEST: { column: "created_at", direction: "DESC" },
} as const satisfies Record<ProductSort, { column: string; direction: "ASC" | "DESC" }>;

/** The sort key of a product, as stored in a cursor (JSON-safe). */
export function sortKeyOf(product: Product, sort: ProductSort): string | number {
  switch (sort) {
    case "NAME_ASC":
      return product.name;
    case "PRICE_ASC":
    case "PRICE_DESC":
      return product.price.amount;
    case "NEWEST":
      return product.createdAt.toISOString();
  }
}

function filterConditions(filter: ProductFilter): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  if (filter.categoryId) conditions.push(Prisma.sql`category_id = ${filter.categoryId}::uuid`);
  if (filter.minPrice != null) conditions.push(Prisma.sql`price_amount >= ${filter.minPrice}`);
  if (filter.maxPrice != null) conditions.push(Prisma.sql`price_amount <= ${filter.maxPrice}`);
  return conditions;
}

/** Keyset condition "strictly after `position`": a row comparison the (key, id) indexes serve. */
function afterCondition(position: ProductPosition): Prisma.Sql {
  const { column, direction } = SORTS[position.sort];
  const key = column === "created_at" ? Prisma.sql`${new Date(position.key)}::timestamptz` : column === "price_amount" ? Prisma.sql`${position.key}::int` : Prisma.sql`${position.key}::text`;
  const op = direction === "ASC" ? Prisma.raw(">") : Prisma.raw("<");
  return Prisma.sql`(${Prisma.raw(column)}, id) ${op} (${key}, ${position.id}::uuid)`;
}

const where = (conditions: Prisma.Sql[]) => (conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty);

export class ProductRepository {
  constructor(private readonly db: CatalogDb) {}

  async findByIds(ids: readonly string[]): Promise<Product[]> {
    const rows = await this.db.sql.query<ProductRow>(Prisma.sql`SELECT ${COLUMNS} FROM products WHERE id = ANY(${[...ids]}::uuid[])`);
    return rows.map(toProduct);
  }

  async findBySlug(slug: string): Promise<Product | null> {
    const rows = await this.db.sql.query<ProductRow>(Prisma.sql`SELECT ${COLUMNS} FROM products WHERE slug = ${slug}`);
    return rows[0] ? toProduct(rows[0]) : null;
  }

  /** One page in `sort` order, after `after` when given; `take` includes the look-ahead row. */
  async list(args: { filter: ProductFilter; sort: ProductSort; after?: ProductPosition; take: number }): Promise<Product[]> {
    const { column, direction } = SORTS[args.sort];
    const conditions = filterConditions(args.filter);
    if (args.after) conditions.push(afterCondition(args.after));
    const order = Prisma.raw(`${column} ${direction}, id ${direction}`);
    const rows = await this.db.sql.query<ProductRow>(Prisma.sql`SELECT ${COLUMNS} FROM products ${where(conditions)} ORDER BY ${order} LIMIT ${args.take}`);
    return rows.map(toProduct);
  }

  async count(filter: ProductFilter): Promise<number> {
    const [row] = await this.db.sql.query<{ n: number }>(Prisma.sql`SELECT count(*)::int AS n FROM products ${where(filterConditions(filter))}`);
    return row?.n ?? 0;
  }
}
