import { defineEndpoint } from "@amazoff/kit";
import { z } from "zod";
import { errorBody, id } from "./shapes.ts";

/**
 * Who placed an order: 200 with its customer's id, 404 for an order that does not exist. The
 * notifications subgraph asks when a client subscribes to an order it has not heard of yet.
 */
export const orderOwner = defineEndpoint({
  path: "/internal/orders/owner",
  request: z.object({ orderId: id }),
  responses: { 200: z.object({ orderId: id, userId: id }), 404: errorBody },
});
