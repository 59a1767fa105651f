import type { RequestBase } from "@amazoff/kit";
import { CartEditService } from "./carts/cart-edit.service.ts";
import { CartMergeService } from "./carts/cart-merge.service.ts";
import { CartRepository } from "./carts/cart.repository.ts";
import { CartService } from "./carts/cart.service.ts";
import { CheckoutRepository } from "./checkout/checkout.repository.ts";
import { CheckoutService } from "./checkout/checkout.service.ts";
import type { CartDb } from "./db.ts";
import { createLoaders, type CartLoaders } from "./loaders.ts";
import type { CatalogPeer } from "./peers/catalog.peer.ts";
import type { InventoryPeer } from "./peers/inventory.peer.ts";

/** What a cart resolver receives: the request, its loaders and the services. */
export interface CartContext extends RequestBase {
  loaders: CartLoaders;
  carts: CartService;
  cartEdits: CartEditService;
  cartMerge: CartMergeService;
}

export interface CartAppOptions {
  catalog: CatalogPeer;
  inventory: InventoryPeer;
  guestTtlDays: number;
  currency: string;
}

/** Wires repositories and services once per process; `context` is called once per request. */
export function createCartApp(db: CartDb, options: CartAppOptions) {
  const repos = { carts: new CartRepository(db, options.guestTtlDays), checkout: new CheckoutRepository(db) };
  const services = {
    carts: new CartService(repos.carts, { currency: options.currency, guestTtlDays: options.guestTtlDays }),
    cartEdits: new CartEditService(repos.carts),
    cartMerge: new CartMergeService(repos.carts),
  };
  const checkout = new CheckoutService(repos.carts, repos.checkout);
  const sources = { carts: repos.carts, catalog: options.catalog, inventory: options.inventory };
  return {
    repos,
    services,
    checkout,
    /** Housekeeping: forgets expired guest carts and old markers. */
    async purge(): Promise<{ guestCarts: number; mergeMarkers: number; checkoutMarkers: number }> {
      return { ...(await repos.carts.purgeExpired()), checkoutMarkers: await repos.checkout.purgeMarkers() };
    },
    context: (base: RequestBase): CartContext => ({ ...base, ...services, loaders: createLoaders(sources, base.requestId) }),
  };
}

export type CartApp = ReturnType<typeof createCartApp>;
