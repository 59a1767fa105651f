import { internalRoute, type Logger, type RouteHandler } from "@amazoff/kit";
import { z } from "zod";
import type { ProductRepository } from "./product.repository.ts";

/**
 * `POST /internal/products/snapshot` `{ productIds }` -> `{ items: [{ productId, sku, name, price }] }`:
 * the current price and name of products, for the cart's totals and the order's price snapshot.
 * Unknown ids are left out (the caller reports them).
 */
export function productSnapshotRoute(products: ProductRepository, secret: string, log: Logger): RouteHandler {
  return internalRoute({
    secret,
    log,
    input: z.object({ productIds: z.array(z.uuid()).min(1).max(200) }),
    async handler({ productIds }) {
      const found = await products.findByIds([...new Set(productIds.map((id) => id.toLowerCase()))]);
      return { body: { items: found.map((p) => ({ productId: p.id, sku: p.sku, name: p.name, price: p.price })) } };
    },
  });
}
