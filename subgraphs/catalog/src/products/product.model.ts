import type { Money } from "@amazoff/kit";

/** A product as the catalog's services and resolvers see it (no Prisma types past the repository). */
export interface Product {
  id: string;
  sku: string;
  name: string;
  slug: string;
  description: string;
  price: Money;
  categoryId: string;
  createdAt: Date;
}

export type ProductSort = "NAME_ASC" | "PRICE_ASC" | "PRICE_DESC" | "NEWEST";

export interface ProductFilter {
  categoryId?: string | null;
  minPrice?: number | null;
  maxPrice?: number | null;
}

/** Where a page starts: the sort key and id of the last product of the previous page. */
export interface ProductPosition {
  sort: ProductSort;
  key: string | number;
  id: string;
}
