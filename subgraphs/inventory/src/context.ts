import type { Logger, RequestBase } from "@amazoff/kit";
import { AdjustmentRepository } from "./adjustments/adjustment.repository.ts";
import { AdjustmentService } from "./adjustments/adjustment.service.ts";
import type { InventoryDb } from "./db.ts";
import { createLoaders, type InventoryLoaders, type InventoryRepositories } from "./loaders.ts";
import { ReservationRepository } from "./reservations/reservation.repository.ts";
import { ReservationService } from "./reservations/reservation.service.ts";
import { StockRepository } from "./stock/stock.repository.ts";
import { StockService } from "./stock/stock.service.ts";
import { StoreRepository } from "./stores/store.repository.ts";
import { StoreService } from "./stores/store.service.ts";

/** What an inventory resolver receives: the request, its loaders and the services. */
export interface InventoryContext extends RequestBase {
  loaders: InventoryLoaders;
  stock: StockService;
  stores: StoreService;
  adjustments: AdjustmentService;
}

/** Wires repositories and services once per process; `context` is called once per request. */
export function createInventoryApp(db: InventoryDb, logger: Logger) {
  const repos: InventoryRepositories & { adjustments: AdjustmentRepository; reservations: ReservationRepository } = {
    stock: new StockRepository(db),
    stores: new StoreRepository(db),
    adjustments: new AdjustmentRepository(db),
    reservations: new ReservationRepository(db),
  };
  const services = {
    stock: new StockService(repos.stock),
    stores: new StoreService(repos.stores),
    adjustments: new AdjustmentService(repos.adjustments),
  };
  return {
    repos,
    services,
    /** The checkout saga's side (internal endpoints), outside the graph. */
    reservations: new ReservationService(repos.reservations, repos.stock, logger.child({ source: "ReservationService" })),
    context: (base: RequestBase): InventoryContext => ({ ...base, ...services, loaders: createLoaders(repos) }),
  };
}

export type InventoryApp = ReturnType<typeof createInventoryApp>;
