import { defineEndpoint } from "@amazoff/kit";
import { z } from "zod";
import { id, productSnapshot } from "./shapes.ts";

/** Most product ids one snapshot call takes. */
export const MAX_SNAPSHOT_IDS = 200;

/**
 * The current price and name of products, for the cart's totals and the order's price snapshot.
 * Unknown ids are left out (the caller reports them).
 */
export const productSnapshots = defineEndpoint({
  path: "/internal/products/snapshot",
  request: z.object({ productIds: z.array(id).min(1).max(MAX_SNAPSHOT_IDS) }),
  responses: { 200: z.object({ items: z.array(productSnapshot) }) },
});
