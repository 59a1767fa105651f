import { errorCodes } from "@amazoff/kit/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ADD, createTestServer, type CartTestServer, type Shopper } from "./test-server.ts";

/*
 * The cart checks every token against the users subgraph's revocation feed (stood in for here),
 * so a token of an erased account or an ended session is refused even when it is sent to the
 * cart directly, within a second or two of the revocation.
 */
let server: CartTestServer;
beforeAll(async () => {
  server = await createTestServer({ products: 2 });
});
afterAll(() => server?.stop());

const add = (shopper: Shopper) => shopper.query(ADD, { input: { productId: server.products[0]!.id, quantity: 1 } });
const cartRows = async (userId: string) => (await server.db.pool.query("SELECT 1 FROM carts WHERE user_id = $1", [userId])).rowCount;

/** Waits (reading, which writes nothing) until the cart refuses the token, then checks a write is refused too. */
async function refusedSoon(shopper: Shopper) {
  await vi.waitFor(async () => expect((await shopper.query(`{ cart { id } }`)).status).toBe(401), { timeout: 10_000, interval: 100 });
  const response = await add(shopper);
  expect(response.status).toBe(401);
  expect(errorCodes(response)).toEqual(["UNAUTHENTICATED"]);
}

describe("revoked tokens at the cart", () => {
  it("refuses writes with a token of an erased account, and creates no cart for it", async () => {
    const shopper = server.signIn();
    expect((await shopper.query(`{ cart { id } }`)).errors).toBeUndefined();
    server.identity.revoke("user", shopper.userId);
    await refusedSoon(shopper);
    expect(await cartRows(shopper.userId)).toBe(0);
  });

  it("refuses a token of an ended session, and only that session's", async () => {
    const shopper = server.signIn();
    expect((await add(shopper)).errors).toBeUndefined();
    const sid = JSON.parse(Buffer.from(shopper.token.split(".")[1]!, "base64url").toString()).sid as string;
    server.identity.revoke("session", sid);
    await refusedSoon(shopper);
    const sameUserNewSession = server.signIn({ userId: shopper.userId });
    expect((await add(sameUserNewSession)).errors).toBeUndefined();
  });
});
