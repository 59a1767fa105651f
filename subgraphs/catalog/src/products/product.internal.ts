import { catalogApi } from "@amazoff/contracts";
import { internalRoute, type Logger, type RouteHandler } from "@amazoff/kit";
import type { ProductRepository } from "./product.repository.ts";

/** Serves `catalogApi.productSnapshots` (see @amazoff/contracts): current names and prices. */
export function productSnapshotRoute(products: ProductRepository, secret: string, log: Logger): RouteHandler {
  return internalRoute(catalogApi.productSnapshots, {
    secret,
    log,
    async handler({ productIds }) {
      const found = await products.findByIds([...new Set(productIds)]);
      return { status: 200, body: { items: found.map((p) => ({ productId: p.id, sku: p.sku, name: p.name, price: p.price })) } };
    },
  });
}
