import { randomBytes } from "node:crypto";
import {
  assertId,
  BadUserInputError,
  cleanOptionalText,
  decodeCursor,
  isUuid,
  NotFoundError,
  pageSize,
  requireScope,
  SCOPES,
  toConnection,
  type Connection,
  type PageArgs,
  type Viewer,
} from "@amazoff/kit";
import { slugify } from "@amazoff/demo-data";
import { z } from "zod";
import type { CategoryRepository } from "../categories/category.repository.ts";
import type { CatalogContext } from "../context.ts";
import * as rules from "../validation.ts";
import type { Product, ProductFacets, ProductFilter, ProductPosition, ProductSearch, ProductSort, ProductStatus } from "./product.model.ts";
import { sortKeyOf, type ProductRepository } from "./product.repository.ts";

const positionSchema = z.object({
  sort: z.enum(["RELEVANCE", "NAME_ASC", "PRICE_ASC", "PRICE_DESC", "NEWEST"]),
  key: z.union([z.string().max(512), z.number()]),
  id: z.uuid(),
  mode: z.enum(["FULL_TEXT", "FUZZY"]).optional(),
});

/** Upper bound for price filters: Int fields hold 32-bit values. */
const MAX_AMOUNT = 2_147_483_647;

/** The filter as the API takes it. */
export interface ProductFilterInput {
  categoryId?: string | null;
  includeSubcategories?: boolean | null;
  minPrice?: number | null;
  maxPrice?: number | null;
  supplierId?: string | null;
  tags?: string[] | null;
  includeArchived?: boolean | null;
}

export interface ProductWriteInput {
  sku?: string | null;
  name?: string | null;
  slug?: string | null;
  description?: string | null;
  price?: { amount: number; currency: string } | null;
  categoryId?: string | null;
  supplierId?: string | null;
  tags?: string[] | null;
}

/** A connection of products plus the facet counts of the same search and filter. */
export type ProductConnection = Connection<Product> & { facets: () => Promise<ProductFacets> };

const isStaff = (viewer: Viewer | null) => Boolean(viewer?.scopes.has(SCOPES.CATALOG_WRITE));

/** Catalog rules for products: lookups, listing and search, and the staff-only writes. */
export class ProductService {
  constructor(
    private readonly products: ProductRepository,
    private readonly categories: CategoryRepository,
  ) {}

  byId(ctx: CatalogContext, id: string): Promise<Product | null> {
    return ctx.loaders.product.load(assertId(id, "id", "product id"));
  }

  /** For federation references (cart lines, order lines): archived products still resolve. */
  byReference(ctx: CatalogContext, id: unknown): Promise<Product | null> {
    return isUuid(id) ? ctx.loaders.product.load(id.toLowerCase()) : Promise.resolve(null);
  }

  bySlug(_ctx: CatalogContext, slug: string): Promise<Product | null> {
    if (slug.length > 200) return Promise.resolve(null);
    return this.products.findBySlug(slug);
  }

  private async resolveFilter(ctx: CatalogContext, input: ProductFilterInput | null | undefined): Promise<ProductFilter> {
    const staff = isStaff(ctx.viewer);
    const filter: ProductFilter = { statuses: input?.includeArchived && staff ? ["ACTIVE", "ARCHIVED"] : ["ACTIVE"] };
    if (!input) return filter;
    const { minPrice, maxPrice } = input;
    for (const [name, value] of [
      ["minPrice", minPrice],
      ["maxPrice", maxPrice],
    ] as const) {
      if (value != null && (value < 0 || value > MAX_AMOUNT))
        throw new BadUserInputError(`\`filter.${name}\` must be between 0 and ${MAX_AMOUNT}`, `filter.${name}`);
    }
    if (minPrice != null && maxPrice != null && minPrice > maxPrice)
      throw new BadUserInputError("`filter.minPrice` must not exceed `filter.maxPrice`", "filter.minPrice");
    filter.minPrice = minPrice;
    filter.maxPrice = maxPrice;
    if (input.categoryId) {
      const categoryId = assertId(input.categoryId, "filter.categoryId", "category id");
      filter.categoryIds = input.includeSubcategories === false ? [categoryId] : await this.categories.subtreeIds(categoryId);
      if (filter.categoryIds.length === 0) filter.categoryIds = [categoryId];
    }
    if (input.supplierId) {
      // Suppliers are staff-only data: filtering by one would reveal who supplies what.
      requireScope(ctx.viewer, SCOPES.CATALOG_WRITE);
      filter.supplierId = assertId(input.supplierId, "filter.supplierId", "supplier id");
    }
    if (input.tags?.length) {
      if (input.tags.length > 10) throw new BadUserInputError("At most 10 tags in a filter", "filter.tags");
      filter.tags = input.tags.map((t) => t.trim().toLowerCase()).filter(Boolean);
    }
    return filter;
  }

  /**
   * Lists or searches products. With `query`, products match by weighted full text
   * (websearch syntax: words, "phrases", -exclusions), ranked by relevance; when full text finds
   * nothing, by trigram word similarity of the name (typos). Cursor pagination in any sort.
   */
  async list(
    ctx: CatalogContext,
    args: PageArgs & { query?: string | null; filter?: ProductFilterInput | null; sort?: ProductSort | null },
  ): Promise<ProductConnection> {
    const size = pageSize(args.first);
    const filter = await this.resolveFilter(ctx, args.filter);
    const text = cleanOptionalText(args.query, "query", { max: 200 }) ?? "";
    const sort: ProductSort = args.sort ?? (text ? "RELEVANCE" : "NAME_ASC");
    if (sort === "RELEVANCE" && !text) throw new BadUserInputError("Sorting by RELEVANCE needs a `query`", "sort");

    let after: ProductPosition | undefined;
    if (args.after) {
      after = decodeCursor(args.after, positionSchema);
      if (after.sort !== sort) throw new BadUserInputError("`after` belongs to a list in another order", "after");
    }
    // Full text first; when it finds nothing (and this is the first page), names by similarity.
    // Later pages keep the first page's mode through the cursor.
    let search: ProductSearch | undefined = text ? { text, mode: after?.mode ?? "FULL_TEXT" } : undefined;
    const page = (s: ProductSearch | undefined) =>
      size === 0 ? Promise.resolve([]) : this.products.list({ filter, search: s, sort, after, take: size + 1 });
    let rows = await page(search);
    if (search && !after?.mode && rows.length === 0 && (size > 0 || (await this.products.count(filter, search)) === 0)) {
      search = { text, mode: "FUZZY" };
      rows = await page(search);
    }
    for (const product of rows) ctx.loaders.product.prime(product.id, product);
    const connection = toConnection(
      rows,
      size,
      (p): ProductPosition => ({
        sort,
        key: sortKeyOf(p, sort),
        id: p.id,
        ...(search && sort === "RELEVANCE" ? { mode: search.mode } : {}),
      }),
      {
        hasPreviousPage: Boolean(after),
        totalCount: () => this.products.count(filter, search),
      },
    );
    return { ...connection, facets: () => this.products.facets(filter, search) };
  }

  async create(
    ctx: CatalogContext,
    input: Required<Pick<ProductWriteInput, "sku" | "name" | "description" | "price" | "categoryId">> & ProductWriteInput,
  ): Promise<Product> {
    requireScope(ctx.viewer, SCOPES.CATALOG_WRITE);
    const name = rules.text(input.name!, "name", 2, 200);
    const data = {
      sku: rules.sku(input.sku!),
      name,
      description: rules.description(input.description!),
      ...rules.price(input.price!),
      categoryId: await this.existingCategory(input.categoryId!),
      supplierId: input.supplierId ? await this.existingSupplier(ctx, input.supplierId) : null,
      tags: rules.tags(input.tags ?? []),
      slug: input.slug ? rules.slug(input.slug) : await this.freeSlug(name),
    };
    return this.products.create(data);
  }

  async update(ctx: CatalogContext, id: string, input: ProductWriteInput): Promise<Product> {
    requireScope(ctx.viewer, SCOPES.CATALOG_WRITE);
    const productId = assertId(id, "id", "product id");
    const data = {
      ...(input.sku != null ? { sku: rules.sku(input.sku) } : {}),
      ...(input.name != null ? { name: rules.text(input.name, "name", 2, 200) } : {}),
      ...(input.slug != null ? { slug: rules.slug(input.slug) } : {}),
      ...(input.description != null ? { description: rules.description(input.description) } : {}),
      ...(input.price != null ? rules.price(input.price) : {}),
      ...(input.categoryId != null ? { categoryId: await this.existingCategory(input.categoryId) } : {}),
      ...(input.supplierId !== undefined
        ? { supplierId: input.supplierId === null ? null : await this.existingSupplier(ctx, input.supplierId) }
        : {}),
      ...(input.tags != null ? { tags: rules.tags(input.tags) } : {}),
    };
    return this.updated(ctx, productId, await this.products.update(productId, data));
  }

  async setStatus(ctx: CatalogContext, id: string, status: ProductStatus): Promise<Product> {
    requireScope(ctx.viewer, SCOPES.CATALOG_WRITE);
    const productId = assertId(id, "id", "product id");
    return this.updated(ctx, productId, await this.products.update(productId, { status }));
  }

  private updated(ctx: CatalogContext, id: string, product: Product | null): Product {
    if (!product) throw new NotFoundError("No such product");
    ctx.loaders.product.clear(id).prime(id, product);
    return product;
  }

  private async existingCategory(id: string): Promise<string> {
    const categoryId = rules.id(id, "categoryId", "category id");
    if (!(await this.categories.findByIds([categoryId])).length) throw new BadUserInputError("No such category", "input.categoryId");
    return categoryId;
  }

  private async existingSupplier(ctx: CatalogContext, id: string): Promise<string> {
    const supplierId = rules.id(id, "supplierId", "supplier id");
    if (!(await ctx.loaders.supplier.load(supplierId))) throw new BadUserInputError("No such supplier", "input.supplierId");
    return supplierId;
  }

  /** A slug from the name, with a short random suffix when the plain one is taken. */
  private async freeSlug(name: string): Promise<string> {
    const base = slugify(name).slice(0, 100) || "product";
    if (!(await this.products.slugExists(base))) return base;
    return `${base}-${randomBytes(3).toString("hex")}`;
  }
}
