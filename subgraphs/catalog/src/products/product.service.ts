import {
  assertId,
  BadUserInputError,
  decodeCursor,
  isUuid,
  pageSize,
  toConnection,
  type Connection,
  type PageArgs,
} from "@amazoff/kit";
import { z } from "zod";
import type { CatalogContext } from "../context.ts";
import type { Product, ProductFilter, ProductPosition, ProductSort } from "./product.model.ts";
import { sortKeyOf, type ProductRepository } from "./product.repository.ts";

const SORT_VALUES = ["NAME_ASC", "PRICE_ASC", "PRICE_DESC", "NEWEST"] as const;

const positionSchema = z.object({
  sort: z.enum(SORT_VALUES),
  key: z.union([z.string().max(512), z.number().int()]),
  id: z.uuid(),
});

/** Upper bound for price filters: Int fields hold 32-bit values. */
const MAX_AMOUNT = 2_147_483_647;

function validateFilter(filter: ProductFilter | null | undefined): ProductFilter {
  if (!filter) return {};
  const { minPrice, maxPrice } = filter;
  for (const [name, value] of [["minPrice", minPrice], ["maxPrice", maxPrice]] as const) {
    if (value != null && (value < 0 || value > MAX_AMOUNT)) {
      throw new BadUserInputError(`\`filter.${name}\` must be between 0 and ${MAX_AMOUNT}`, `filter.${name}`);
    }
  }
  if (minPrice != null && maxPrice != null && minPrice > maxPrice) {
    throw new BadUserInputError("`filter.minPrice` must not exceed `filter.maxPrice`", "filter.minPrice");
  }
  return {
    categoryId: filter.categoryId ? assertId(filter.categoryId, "filter.categoryId", "category id") : null,
    minPrice,
    maxPrice,
  };
}

/** Catalog rules for products: lookups, listing and (later) the staff-only writes. */
export class ProductService {
  constructor(private readonly products: ProductRepository) {}

  byId(ctx: CatalogContext, id: string): Promise<Product | null> {
    return ctx.loaders.product.load(assertId(id, "id", "product id"));
  }

  /** For federation references: a malformed id is simply not one of ours. */
  byReference(ctx: CatalogContext, id: unknown): Promise<Product | null> {
    return isUuid(id) ? ctx.loaders.product.load(id.toLowerCase()) : Promise.resolve(null);
  }

  bySlug(_ctx: CatalogContext, slug: string): Promise<Product | null> {
    if (slug.length > 200) return Promise.resolve(null);
    return this.products.findBySlug(slug);
  }

  async list(
    ctx: CatalogContext,
    args: PageArgs & { filter?: ProductFilter | null; sort?: ProductSort | null },
  ): Promise<Connection<Product>> {
    const size = pageSize(args.first);
    const sort = args.sort ?? "NAME_ASC";
    const filter = validateFilter(args.filter);
    let after: ProductPosition | undefined;
    if (args.after) {
      after = decodeCursor(args.after, positionSchema);
      if (after.sort !== sort) throw new BadUserInputError("`after` belongs to a list in another order", "after");
    }
    const rows = size === 0 ? [] : await this.products.list({ filter, sort, after, take: size + 1 });
    for (const product of rows) ctx.loaders.product.prime(product.id, product);
    return toConnection(rows, size, (p): ProductPosition => ({ sort, key: sortKeyOf(p, sort), id: p.id }), {
      hasPreviousPage: Boolean(after),
      totalCount: () => this.products.count(filter),
    });
  }
}
