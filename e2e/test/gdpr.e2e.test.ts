import { errorCodes } from "@amazoff/kit/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "./helpers.ts";
import { startPlatform, type Platform } from "./platform.ts";
import { addToCart, checkout, newShopper, productWithStock } from "./shoppers.ts";

/*
 * GDPR end to end: one export gathered across subgraphs, and an erasure that travels as the
 * UserDeleted event through the outbox and the queue to every subgraph that holds personal data.
 */
let platform: Platform;
beforeAll(async () => {
  platform = await startPlatform({ products: 10 });
}, 180_000);
afterAll(() => platform?.stop());

const EXPORT = `{ exportMyData { userId generatedAt account orders cart } }`;

describe("GDPR", () => {
  it("exports everything about the caller from users, orders and cart, and nothing about others", async () => {
    const productId = await productWithStock(platform, 5);
    const shopper = await newShopper(platform, "10.30.0.1");
    await addToCart(shopper, productId, 1);
    expect((await checkout(shopper)).data!.checkout.__typename).toBe("Order");
    await addToCart(shopper, productId, 2);

    const response = await shopper.client(EXPORT);
    expect(response.errors).toBeUndefined();
    const data = response.data!.exportMyData;
    expect(data.userId).toBe(shopper.userId);
    expect(JSON.stringify(data.account)).toContain(shopper.email);
    expect(JSON.stringify(data.account)).toContain("Springfield");
    expect(JSON.stringify(data.account)).not.toMatch(/passwordHash|scrypt|secretHash|tokenHash/i);
    expect(data.orders).toHaveLength(1);
    expect(data.orders[0].lines[0].productId).toBe(productId);
    expect(data.cart.items).toEqual([{ productId, quantity: 2 }]);

    const other = await newShopper(platform, "10.30.0.2");
    const theirs = await other.client(EXPORT);
    expect(theirs.data!.exportMyData.userId).toBe(other.userId);
    expect(theirs.data!.exportMyData.orders).toEqual([]);
    expect(errorCodes(await platform.query(EXPORT))).toEqual(["UNAUTHENTICATED"]);
  });

  it("erases the account everywhere: users anonymised, cart deleted, orders kept but anonymised", async () => {
    const productId = await productWithStock(platform, 5);
    const shopper = await newShopper(platform, "10.30.1.1");
    await addToCart(shopper, productId, 1);
    const order = (await checkout(shopper)).data!.checkout;
    await addToCart(shopper, productId, 1);

    const wrong = await shopper.client(`mutation { deleteMyAccount(password: "not-my-password") }`);
    expect(errorCodes(wrong)).toEqual(["UNAUTHENTICATED"]);
    const deleted = await shopper.client(`mutation { deleteMyAccount(password: "Correct-Horse-2026") }`);
    expect(deleted.data).toEqual({ deleteMyAccount: true });

    const carts = new pg.Pool({ connectionString: platform.databases.cart.url, max: 1 });
    const orders = new pg.Pool({ connectionString: platform.databases.orders.url, max: 1 });
    try {
      // The event reaches the other subgraphs through the queue.
      await eventually(async () => {
        const { rows } = await carts.query("SELECT 1 FROM carts WHERE user_id = $1", [shopper.userId]);
        if (rows.length) throw new Error("cart not erased yet");
      }, 30_000);
      const address = await eventually(async () => {
        const { rows } = await orders.query<{ shipping_address: { fullName: string; line1: string } }>(
          "SELECT shipping_address FROM orders WHERE id = $1",
          [order.id],
        );
        if (rows[0]!.shipping_address.fullName !== "Deleted customer") throw new Error("order not anonymised yet");
        return rows[0]!.shipping_address;
      }, 30_000);
      expect(address.line1).toBe("Removed");
      const { rows } = await orders.query<{ total_amount: number }>("SELECT total_amount FROM orders WHERE id = $1", [order.id]);
      expect(rows[0]!.total_amount).toBe(order.total.amount);
    } finally {
      await carts.end();
      await orders.end();
    }

    const login = await platform.as({ "x-forwarded-for": "10.30.1.2" })(
      `mutation($e: String!) { login(email: $e, password: "Correct-Horse-2026") { accessToken } }`,
      { e: shopper.email },
    );
    expect(errorCodes(login)).toEqual(["UNAUTHENTICATED"]);
    expect(errorCodes(await shopper.client(`{ me { id } }`))).toEqual(["UNAUTHENTICATED"]);
  });
});
