import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { createLogger } from "@amazoff/kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPlatform, type Platform } from "./platform.ts";
import { addToCart, CHECKOUT, GOOD_CARD, newShopper, productWithStock } from "./shoppers.ts";

/*
 * One request id follows a checkout from the router through every subgraph's internal endpoints:
 * each service's log lines are captured, and each must show the id the client sent.
 */
const lines = new Map<string, string[]>();
let platform: Platform;

beforeAll(async () => {
  platform = await startPlatform({
    products: 10,
    logger: (service) => {
      const sink = new Writable({
        write(chunk, _encoding, done) {
          lines.set(service, [...(lines.get(service) ?? []), ...String(chunk).split("\n").filter(Boolean)]);
          done();
        },
      });
      return createLogger({ service, level: "debug", destination: sink });
    },
  });
}, 180_000);
afterAll(() => platform?.stop());

/** The services whose log lines carry `requestId`, and the messages they logged with it. */
function servicesThatSaw(requestId: string): Record<string, string[]> {
  const seen: Record<string, string[]> = {};
  for (const [service, serviceLines] of lines) {
    for (const line of serviceLines) {
      const entry = JSON.parse(line) as { requestId?: string; msg?: string; path?: string };
      if (entry.requestId !== requestId) continue;
      seen[service] ??= [];
      seen[service].push(entry.path ?? entry.msg ?? "");
    }
  }
  return seen;
}

describe("the request id", () => {
  it("follows a checkout through all six services", async () => {
    const productId = await productWithStock(platform, 5);
    const shopper = await newShopper(platform, "10.40.0.1");
    await addToCart(shopper, productId, 1);
    const requestId = `checkout-trace-${randomUUID()}`;
    const client = platform.as({ authorization: `Bearer ${shopper.token}`, "x-request-id": requestId });
    const response = await client(CHECKOUT, {
      input: { shippingAddressId: shopper.addressId, paymentMethod: GOOD_CARD, idempotencyKey: `key-${randomUUID()}` },
    });
    expect(response.data!.checkout.__typename).toBe("Order");

    const seen = servicesThatSaw(requestId);
    // The six a checkout goes through (comments, say, take no part in it).
    expect(Object.keys(seen)).toEqual(expect.arrayContaining(["users", "catalog", "inventory", "payments", "cart", "orders"]));
    // Every internal endpoint the saga called logged the id.
    expect(seen.cart).toEqual(expect.arrayContaining(["/internal/carts/get", "/internal/carts/clear"]));
    expect(seen.users).toEqual(expect.arrayContaining(["/internal/addresses/get"]));
    expect(seen.catalog).toEqual(expect.arrayContaining(["/internal/products/snapshot"]));
    expect(seen.inventory).toEqual(expect.arrayContaining(["/internal/reservations/reserve", "/internal/reservations/commit"]));
    expect(seen.payments).toEqual(expect.arrayContaining(["/internal/payments/authorize", "/internal/payments/capture"]));
  });

  it("reaches the cart's calls to the catalog and the inventory", async () => {
    const productId = await productWithStock(platform, 5);
    const shopper = await newShopper(platform, "10.40.0.2");
    const requestId = `cart-trace-${randomUUID()}`;
    const client = platform.as({ authorization: `Bearer ${shopper.token}`, "x-request-id": requestId });
    const response = await client(`mutation($id: ID!) { addToCart(input: { productId: $id, quantity: 1 }) { subtotal { amount } } }`, {
      id: productId,
    });
    expect(response.errors).toBeUndefined();
    const seen = servicesThatSaw(requestId);
    expect(seen.catalog).toEqual(expect.arrayContaining(["/internal/products/snapshot"]));
    expect(seen.inventory).toEqual(expect.arrayContaining(["/internal/availability"]));
  });
});
