import { catalogApi } from "@amazoff/contracts";
import { callPeer, internalClient, type Logger } from "@amazoff/kit";

export interface CatalogPeer {
  /** Whether the catalog has this product (its snapshot endpoint leaves unknown ids out). */
  productExists(productId: string, requestId: string): Promise<boolean>;
}

export function catalogPeer(options: { baseUrl: string; secret: string; timeoutMs: number; log: Logger }): CatalogPeer {
  const client = internalClient(options.baseUrl, options.secret, options.timeoutMs);
  const log = options.log.child({ source: "CatalogPeer" });
  return {
    async productExists(productId, requestId) {
      const { items } = await callPeer(client, "catalog", catalogApi.productSnapshots, { productIds: [productId] }, requestId, log);
      return items.some((item) => item.productId === productId);
    },
  };
}
