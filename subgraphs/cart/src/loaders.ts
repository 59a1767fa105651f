import { groupLoader, keyLoader } from "@amazoff/kit";
import type { CartRepository } from "./carts/cart.repository.ts";
import type { CatalogPeer } from "./peers/catalog.peer.ts";
import type { InventoryPeer } from "./peers/inventory.peer.ts";

export interface LoaderSources {
  carts: CartRepository;
  catalog: CatalogPeer;
  inventory: InventoryPeer;
}

/**
 * Per-request DataLoaders. `product` is the price source: every line of every cart resolved in
 * one request is priced by one call to the catalog (the endpoint takes 200 ids a call). Peer
 * calls carry the request's id.
 */
export function createLoaders(sources: LoaderSources, requestId: string) {
  return {
    cartByUser: keyLoader(
      (userIds: readonly string[]) => sources.carts.findByUserIds(userIds),
      (cart) => cart.userId!,
    ),
    cartItems: groupLoader(
      (cartIds: readonly string[]) => sources.carts.findItems(cartIds),
      (item) => item.cartId,
    ),
    product: keyLoader(
      (ids: readonly string[]) => sources.catalog.snapshot(ids, requestId),
      (p) => p.productId,
      { maxBatchSize: 200 },
    ),
    availability: keyLoader(
      (ids: readonly string[]) => sources.inventory.availability(ids, requestId),
      (a) => a.productId,
      { maxBatchSize: 200 },
    ),
  };
}

export type CartLoaders = ReturnType<typeof createLoaders>;
