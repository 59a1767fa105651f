import type { CatalogDb } from "../db.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { Product, ProductFilter, ProductPosition, ProductSort } from "./product.model.ts";

const productSelect = {
  id: true,
  sku: true,
  name: true,
  slug: true,
  description: true,
  priceAmount: true,
  currency: true,
  categoryId: true,
  createdAt: true,
} satisfies Prisma.ProductSelect;

type ProductRow = Prisma.ProductGetPayload<{ select: typeof productSelect }>;

function toProduct(row: ProductRow): Product {
  const { priceAmount, currency, ...rest } = row;
  return { ...rest, price: { amount: priceAmount, currency } };
}

/** Column and direction of each sort; ties are broken by id in the same direction. */
const SORTS = {
  NAME_ASC: { column: "name", direction: "asc" },
  PRICE_ASC: { column: "priceAmount", direction: "asc" },
  PRICE_DESC: { column: "priceAmount", direction: "desc" },
  NEWEST: { column: "createdAt", direction: "desc" },
} as const satisfies Record<ProductSort, { column: keyof ProductRow; direction: "asc" | "desc" }>;

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

function filterWhere(filter: ProductFilter): Prisma.ProductWhereInput {
  const where: Prisma.ProductWhereInput = {};
  if (filter.categoryId) where.categoryId = filter.categoryId;
  if (filter.minPrice != null || filter.maxPrice != null) {
    where.priceAmount = {
      ...(filter.minPrice != null ? { gte: filter.minPrice } : {}),
      ...(filter.maxPrice != null ? { lte: filter.maxPrice } : {}),
    };
  }
  return where;
}

/** Keyset condition "strictly after `position`" in the sort's order (uses the (key, id) indexes). */
function afterWhere(position: ProductPosition): Prisma.ProductWhereInput {
  const { column, direction } = SORTS[position.sort];
  const op = direction === "asc" ? "gt" : "lt";
  const key = column === "createdAt" ? new Date(position.key) : position.key;
  return { OR: [{ [column]: { [op]: key } }, { [column]: key, id: { [op]: position.id } }] };
}

export class ProductRepository {
  constructor(private readonly db: CatalogDb) {}

  async findByIds(ids: readonly string[]): Promise<Product[]> {
    const rows = await this.db.product.findMany({ where: { id: { in: [...ids] } }, select: productSelect });
    return rows.map(toProduct);
  }

  async findBySlug(slug: string): Promise<Product | null> {
    const row = await this.db.product.findUnique({ where: { slug }, select: productSelect });
    return row ? toProduct(row) : null;
  }

  /** One page in `sort` order, after `after` when given; `take` includes the look-ahead row. */
  async list(args: { filter: ProductFilter; sort: ProductSort; after?: ProductPosition; take: number }): Promise<Product[]> {
    const { column, direction } = SORTS[args.sort];
    const where = filterWhere(args.filter);
    const rows = await this.db.product.findMany({
      where: args.after ? { AND: [where, afterWhere(args.after)] } : where,
      orderBy: [{ [column]: direction }, { id: direction }],
      take: args.take,
      select: productSelect,
    });
    return rows.map(toProduct);
  }

  count(filter: ProductFilter): Promise<number> {
    return this.db.product.count({ where: filterWhere(filter) });
  }
}
