import { usersApi } from "@amazoff/contracts";
import { internalRoute, type Logger, type RouteHandler } from "@amazoff/kit";
import type { AddressService } from "./address.service.ts";

export const GET_ADDRESS_PATH = usersApi.shippingAddress.path;

/**
 * Serves `usersApi.shippingAddress` (see @amazoff/contracts) for the checkout saga: the address
 * as an order keeps it, when it belongs to that user; 404 otherwise.
 */
export function getAddressRoute(addresses: AddressService, secret: string, log: Logger): RouteHandler {
  return internalRoute(usersApi.shippingAddress, {
    secret,
    log,
    async handler({ userId, addressId }) {
      const address = await addresses.forCheckout(userId, addressId);
      if (!address) return { status: 404, body: { error: "not_found", message: "No such address for this user" } };
      const { fullName, line1, line2, city, postalCode, region, country } = address;
      return { status: 200, body: { address: { fullName, line1, line2, city, postalCode, region, country } } };
    },
  });
}
