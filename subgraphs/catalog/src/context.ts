import type { RequestBase } from "@amazoff/kit";
import { CategoryRepository } from "./categories/category.repository.ts";
import { CategoryService } from "./categories/category.service.ts";
import type { CatalogDb } from "./db.ts";
import { createLoaders, type CatalogLoaders, type CatalogRepositories } from "./loaders.ts";
import { ProductRepository } from "./products/product.repository.ts";
import { ProductService } from "./products/product.service.ts";
import { SupplierRepository } from "./suppliers/supplier.repository.ts";
import { SupplierService } from "./suppliers/supplier.service.ts";

/** What a catalog resolver receives: the request, its loaders and the services. */
export interface CatalogContext extends RequestBase {
  loaders: CatalogLoaders;
  products: ProductService;
  categories: CategoryService;
  suppliers: SupplierService;
}

/** Wires repositories and services once per process; `context` is called once per request. */
export function createCatalogApp(db: CatalogDb) {
  const repos: CatalogRepositories = {
    products: new ProductRepository(db),
    categories: new CategoryRepository(db),
    suppliers: new SupplierRepository(db),
  };
  const services = {
    products: new ProductService(repos.products, repos.categories),
    categories: new CategoryService(repos.categories),
    suppliers: new SupplierService(repos.suppliers),
  };
  return {
    repos,
    services,
    context: (base: RequestBase): CatalogContext => ({ ...base, ...services, loaders: createLoaders(repos) }),
  };
}
