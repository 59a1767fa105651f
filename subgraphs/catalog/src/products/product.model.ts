import type { Money } from "@amazoff/kit";

export type ProductStatus = "ACTIVE" | "ARCHIVED";

/** A product as the catalog's services and resolvers see it (no Prisma types past the repository). */
export interface Product {
  id: string;
  sku: string;
  name: string;
  slug: string;
  description: string;
  price: Money;
  categoryId: string;
  status: ProductStatus;
  supplierId: string | null;
  tags: string[];
  createdAt: Date;
  updatedAt: Date;
}

export type ProductSort = "RELEVANCE" | "NAME_ASC" | "PRICE_ASC" | "PRICE_DESC" | "NEWEST";

/** What a listing or search is restricted to (all conditions apply together). */
export interface ProductFilter {
  /** Already expanded to the category and its subcategories by the service. */
  categoryIds?: string[] | null;
  minPrice?: number | null;
  maxPrice?: number | null;
  supplierId?: string | null;
  /** Products carrying every one of these tags. */
  tags?: string[] | null;
  /** ACTIVE for the public; staff may list ARCHIVED products too. */
  statuses: ProductStatus[];
}

/** How a text query matches: full text (ranked), or trigram similarity when full text finds nothing. */
export type SearchMode = "FULL_TEXT" | "FUZZY";

export interface ProductSearch {
  text: string;
  mode: SearchMode;
}

/** Where a page starts: the sort key and id of the last product of the previous page. */
export interface ProductPosition {
  sort: ProductSort;
  key: string | number;
  id: string;
  /** For RELEVANCE pages: the mode the first page used, so later pages stay consistent. */
  mode?: SearchMode;
}

export interface CategoryCount {
  categoryId: string;
  count: number;
}

export interface PriceBucketCount {
  /** Inclusive lower bound in minor units. */
  min: number;
  /** Exclusive upper bound; null for the open-ended last bucket. */
  max: number | null;
  count: number;
}

export interface ProductFacets {
  categories: CategoryCount[];
  priceBuckets: PriceBucketCount[];
}
