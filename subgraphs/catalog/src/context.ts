import type { RequestBase } from "@amazoff/kit";
import { CategoryRepository } from "./categories/category.repository.ts";
import { CategoryService } from "./categories/category.service.ts";
import type { CatalogDb } from "./db.ts";
import { createLoaders, type CatalogLoaders, type CatalogRepositories } from "./loaders.ts";
import { ProductRepository } from "./products/product.repository.ts";
import { ProductService } from "./products/product.service.ts";

/** What a catalog resolver receives: the request, its loaders and the services. */
export interface CatalogContext extends RequestBase {
  loaders: CatalogLoaders;
  products: ProductService;
  categories: CategoryService;
}

/** Wires repositories and services once per process; `context` is called once per request. */
export function createCatalogApp(db: CatalogDb) {
  const repos: CatalogRepositories = { products: new ProductRepository(db), categories: new CategoryRepository(db) };
  const services = { products: new ProductService(repos.products), categories: new CategoryService(repos.categories) };
  return {
    repos,
    services,
    context: (base: RequestBase): CatalogContext => ({ ...base, ...services, loaders: createLoaders(repos) }),
  };
}
