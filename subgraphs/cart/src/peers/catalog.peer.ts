import { catalogApi, type ProductSnapshot } from "@amazoff/contracts";
import { callPeer, chunks, internalClient, type Logger } from "@amazoff/kit";

export type { ProductSnapshot };

export interface CatalogPeer {
  /** Snapshots of the products that exist; unknown ids are left out. */
  snapshot(productIds: readonly string[], requestId: string): Promise<ProductSnapshot[]>;
}

export function catalogPeer(options: { baseUrl: string; secret: string; timeoutMs: number; log: Logger }): CatalogPeer {
  const client = internalClient(options.baseUrl, options.secret, options.timeoutMs);
  const log = options.log.child({ source: "CatalogPeer" });
  return {
    async snapshot(productIds, requestId) {
      if (productIds.length === 0) return [];
      const pages = await Promise.all(
        chunks(productIds, catalogApi.MAX_SNAPSHOT_IDS).map((ids) =>
          callPeer(client, "catalog", catalogApi.productSnapshots, { productIds: ids }, requestId, log),
        ),
      );
      return pages.flatMap((page) => page.items);
    },
  };
}
