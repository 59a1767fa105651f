import { internalClient, type Logger, type Money } from "@amazoff/kit";
import { z } from "zod";
import { callPeer, chunks } from "./peer-call.ts";

/** What the catalog says about a product right now (POST /internal/products/snapshot). */
export interface ProductSnapshot {
  productId: string;
  sku: string;
  name: string;
  price: Money;
}

const answer = z.object({
  items: z.array(
    z.object({
      productId: z.string(),
      sku: z.string(),
      name: z.string(),
      price: z.object({ amount: z.number().int().min(0), currency: z.string().length(3) }),
    }),
  ),
});

/** The endpoint's limit on ids per call. */
const MAX_IDS = 200;

export interface CatalogPeer {
  /** Snapshots of the products that exist; unknown ids are left out. */
  snapshot(productIds: readonly string[]): Promise<ProductSnapshot[]>;
}

export function catalogPeer(options: { baseUrl: string; secret: string; timeoutMs: number; log: Logger }): CatalogPeer {
  const client = internalClient(options.baseUrl, options.secret, options.timeoutMs);
  const log = options.log.child({ source: "CatalogPeer" });
  return {
    async snapshot(productIds) {
      if (productIds.length === 0) return [];
      const pages = await Promise.all(
        chunks(productIds, MAX_IDS).map((ids) => callPeer(client, "catalog", "/internal/products/snapshot", { productIds: ids }, answer, log)),
      );
      return pages.flatMap((page) => page.items.map((item) => ({ ...item, productId: item.productId.toLowerCase() })));
    },
  };
}
