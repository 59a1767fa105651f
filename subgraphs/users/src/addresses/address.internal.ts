import { internalRoute, type InternalResult, type Logger, type RouteHandler } from "@amazoff/kit";
import { z } from "zod";
import type { AddressService } from "./address.service.ts";

export const GET_ADDRESS_PATH = "/internal/addresses/get";

const uuid = () => z.uuid().transform((id) => id.toLowerCase());

/** What an order keeps of the shipping address (no phone: the carrier label does not need it). */
export interface ShippingAddress {
  fullName: string;
  line1: string;
  line2: string | null;
  city: string;
  postalCode: string;
  region: string | null;
  country: string;
}

type GetAddressAnswer = { address: ShippingAddress } | { error: "not_found"; message: string };

/**
 * `POST /internal/addresses/get` `{ userId, addressId }` (both UUIDs), for the checkout saga, with
 * `authorization: Internal <INTERNAL_API_SECRET>`:
 * - 200 `{ address: { fullName, line1, line2, city, postalCode, region, country } }` when the
 *   address belongs to that user (and the account was not erased);
 * - 404 `{ error: "not_found", message }` otherwise (someone else's, unknown, or deleted);
 * - 400 `{ error: "bad_request", message }` for a malformed body, 401 without the secret, 405.
 */
export function getAddressRoute(addresses: AddressService, secret: string, log: Logger): RouteHandler {
  return internalRoute({
    secret,
    log,
    input: z.object({ userId: uuid(), addressId: uuid() }),
    async handler({ userId, addressId }): Promise<InternalResult<GetAddressAnswer>> {
      const address = await addresses.forCheckout(userId, addressId);
      if (!address) return { status: 404, body: { error: "not_found", message: "No such address for this user" } };
      const { fullName, line1, line2, city, postalCode, region, country } = address;
      return { body: { address: { fullName, line1, line2, city, postalCode, region, country } } };
    },
  });
}
