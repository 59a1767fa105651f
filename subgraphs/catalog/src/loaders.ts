import { groupLoader, keyLoader } from "@amazoff/kit";
import type { CategoryRepository } from "./categories/category.repository.ts";
import type { ProductRepository } from "./products/product.repository.ts";
import type { SupplierRepository } from "./suppliers/supplier.repository.ts";

export interface CatalogRepositories {
  products: ProductRepository;
  categories: CategoryRepository;
  suppliers: SupplierRepository;
}

/** Key of the top level in `categoryChildren` (DataLoader keys cannot be null). */
export const TOP_LEVEL = "top-level";

/** Per-request DataLoaders: every entity reference and relation goes through one. */
export function createLoaders(repos: CatalogRepositories) {
  return {
    product: keyLoader(
      (ids: readonly string[]) => repos.products.findByIds(ids),
      (p) => p.id,
    ),
    category: keyLoader(
      (ids: readonly string[]) => repos.categories.findByIds(ids),
      (c) => c.id,
    ),
    supplier: keyLoader(
      (ids: readonly string[]) => repos.suppliers.findByIds(ids),
      (s) => s.id,
    ),
    categoryChildren: groupLoader(
      (parentIds: readonly string[]) => repos.categories.findChildren(parentIds.map((id) => (id === TOP_LEVEL ? null : id))),
      (c) => c.parentId ?? TOP_LEVEL,
    ),
  };
}

export type CatalogLoaders = ReturnType<typeof createLoaders>;
