import { defineEndpoint } from "@amazoff/kit";
import { z } from "zod";
import { address, errorBody, id } from "./shapes.ts";

/**
 * One of a user's addresses, for the checkout saga: 200 when the address belongs to that user
 * (and the account was not erased); 404 otherwise (someone else's, unknown, or deleted).
 */
export const shippingAddress = defineEndpoint({
  path: "/internal/addresses/get",
  request: z.object({ userId: id, addressId: id }),
  responses: { 200: z.object({ address }), 404: errorBody },
});

/**
 * The revocation feed every verifier (the router, each subgraph) polls. It is defined in the kit,
 * whose verifiers read it and which cannot depend on this package; listed here so that every
 * internal endpoint is found in one place.
 */
export { revocationFeed } from "@amazoff/kit";
