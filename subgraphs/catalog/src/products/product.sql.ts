import { Prisma } from "../generated/prisma/client.ts";
import type { ProductFilter, ProductPosition, ProductSearch, ProductSort } from "./product.model.ts";

/*
 * SQL fragments for listing and searching products. Every value is a bound parameter
 * (Prisma.sql); column names and directions come from the constant tables below only.
 */

export const PRODUCT_COLUMNS = Prisma.sql`id, sku, name, slug, description, price_amount, currency, category_id, status, supplier_id, tags, created_at, updated_at`;

/** Column and direction of each non-relevance sort; ties are broken by id in the same direction. */
export const SORTS = {
  NAME_ASC: { column: "name", direction: "ASC" },
  PRICE_ASC: { column: "price_amount", direction: "ASC" },
  PRICE_DESC: { column: "price_amount", direction: "DESC" },
  NEWEST: { column: "created_at", direction: "DESC" },
} as const satisfies Record<Exclude<ProductSort, "RELEVANCE">, { column: string; direction: "ASC" | "DESC" }>;

const tsQuery = (text: string) => Prisma.sql`websearch_to_tsquery('english', ${text})`;

/** The match condition of a text search (uses the GIN indexes on search_vector / name trigrams). */
export function matchCondition(search: ProductSearch): Prisma.Sql {
  return search.mode === "FULL_TEXT" ? Prisma.sql`search_vector @@ ${tsQuery(search.text)}` : Prisma.sql`${search.text} <% name`;
}

/** The relevance score: weighted full-text rank, or word similarity in fuzzy mode. */
export function rankExpression(search: ProductSearch): Prisma.Sql {
  return search.mode === "FULL_TEXT"
    ? Prisma.sql`ts_rank_cd(search_vector, ${tsQuery(search.text)}, 32)`
    : Prisma.sql`word_similarity(${search.text}, name)`;
}

/** Conditions of a filter; `omit` leaves one out (facet counts ignore their own facet). */
export function filterConditions(filter: ProductFilter, omit?: "category" | "price"): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [Prisma.sql`status = ANY(${filter.statuses}::"ProductStatus"[])`];
  if (filter.categoryIds && omit !== "category") conditions.push(Prisma.sql`category_id = ANY(${filter.categoryIds}::uuid[])`);
  if (omit !== "price") {
    if (filter.minPrice != null) conditions.push(Prisma.sql`price_amount >= ${filter.minPrice}`);
    if (filter.maxPrice != null) conditions.push(Prisma.sql`price_amount <= ${filter.maxPrice}`);
  }
  if (filter.supplierId) conditions.push(Prisma.sql`supplier_id = ${filter.supplierId}::uuid`);
  if (filter.tags?.length) conditions.push(Prisma.sql`tags @> ${filter.tags}::text[]`);
  return conditions;
}

/** Keyset condition "strictly after `position`" in the sort's order. */
export function afterCondition(position: ProductPosition, search: ProductSearch | undefined): Prisma.Sql {
  if (position.sort === "RELEVANCE") {
    if (!search) throw new Error("a relevance cursor needs a search");
    const rank = rankExpression(search);
    return Prisma.sql`(${rank} < ${position.key}::real OR (${rank} = ${position.key}::real AND id > ${position.id}::uuid))`;
  }
  const { column, direction } = SORTS[position.sort];
  const key =
    column === "created_at"
      ? Prisma.sql`${new Date(position.key)}::timestamptz`
      : column === "price_amount"
        ? Prisma.sql`${position.key}::int`
        : Prisma.sql`${position.key}::text`;
  const op = direction === "ASC" ? Prisma.raw(">") : Prisma.raw("<");
  return Prisma.sql`(${Prisma.raw(column)}, id) ${op} (${key}, ${position.id}::uuid)`;
}

export function orderBy(sort: ProductSort): Prisma.Sql {
  if (sort === "RELEVANCE") return Prisma.raw("rank DESC, id ASC");
  const { column, direction } = SORTS[sort];
  return Prisma.raw(`${column} ${direction}, id ${direction}`);
}

export const whereClause = (conditions: Prisma.Sql[]) =>
  conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;

/** Price facet edges in minor units (the last bucket is open-ended). */
export const PRICE_EDGES = [0, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000];
