import { inventoryApi } from "@amazoff/contracts";
import { callPeer, chunks, internalClient, type Logger } from "@amazoff/kit";

/** Units of a product that can be sold now. */
export interface Availability {
  productId: string;
  available: number;
}

const MAX_IDS = 200;

export interface InventoryPeer {
  /** Availability of the products the inventory knows; unknown ids are left out (none available). */
  availability(productIds: readonly string[], requestId: string): Promise<Availability[]>;
}

export function inventoryPeer(options: { baseUrl: string; secret: string; timeoutMs: number; log: Logger }): InventoryPeer {
  const client = internalClient(options.baseUrl, options.secret, options.timeoutMs);
  const log = options.log.child({ source: "InventoryPeer" });
  return {
    async availability(productIds, requestId) {
      if (productIds.length === 0) return [];
      const pages = await Promise.all(
        chunks(productIds, MAX_IDS).map((ids) =>
          callPeer(client, "inventory", inventoryApi.availability, { productIds: ids }, requestId, log),
        ),
      );
      // A negative figure (oversold stock being corrected) means nothing can be added.
      return pages.flatMap((page) => page.items.map((item) => ({ productId: item.productId, available: Math.max(0, item.available) })));
    },
  };
}
