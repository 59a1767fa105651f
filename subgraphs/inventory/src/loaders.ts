import { groupLoader, keyLoader } from "@amazoff/kit";
import type { StockRepository } from "./stock/stock.repository.ts";
import type { StoreRepository } from "./stores/store.repository.ts";

export interface InventoryRepositories {
  stock: StockRepository;
  stores: StoreRepository;
}

/** Per-request DataLoaders: every entity reference and relation goes through one. */
export function createLoaders(repos: InventoryRepositories) {
  return {
    /** Aggregated availability per product (null: no store carries it). */
    productStock: keyLoader(
      (ids: readonly string[]) => repos.stock.availability(ids),
      (s) => s.productId,
    ),
    stockLevels: groupLoader(
      (ids: readonly string[]) => repos.stock.levelsOf(ids),
      (l) => l.productId,
    ),
    store: keyLoader(
      (ids: readonly string[]) => repos.stores.findByIds(ids),
      (s) => s.id,
    ),
  };
}

export type InventoryLoaders = ReturnType<typeof createLoaders>;
