import { errorCodes, graphqlClient, type GraphQLClient } from "@amazoff/kit/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "./helpers.ts";
import { startPlatform, type Platform } from "./platform.ts";
import { newShopper, signIn } from "./shoppers.ts";

/*
 * Revocation across the platform: a token issued before a logout, an erasure, a revoked session
 * or an admin withdrawing a staff member's access stops working within seconds, through the
 * router and at the subgraphs called directly, though it would verify for up to 15 minutes more.
 */
let platform: Platform;
let productId: string;
beforeAll(async () => {
  platform = await startPlatform({ products: 5 });
  const products = await platform.query(`{ products(first: 1) { edges { node { id } } } }`);
  productId = products.data!.products.edges[0].node.id;
}, 180_000);
afterAll(() => platform?.stop());

const ADD = `mutation($id: ID!) { addToCart(input: { productId: $id, quantity: 1 }) { itemCount } }`;
const ME = `{ me { id } }`;

/** The token is refused everywhere within a few seconds: `me` and `addToCart` through the router, and the cart subgraph called directly. */
async function refusedEverywhere(token: string): Promise<void> {
  const viaRouter = platform.as({ authorization: `Bearer ${token}` });
  const direct = graphqlClient(platform.urls.cart, { authorization: `Bearer ${token}` });
  // Wait on reads (a write let through before the revocation arrived would create a cart), then write.
  for (const [client, read] of [
    [viaRouter, ME],
    [direct, `{ cart { id } }`],
  ] as [GraphQLClient, string][]) {
    await eventually(async () => {
      const response = await client(read);
      if (response.status !== 401) throw new Error(`still answered ${response.status}`);
    }, 5_000);
  }
  for (const [name, client] of [
    ["router", viaRouter],
    ["cart subgraph", direct],
  ] as [string, GraphQLClient][]) {
    const response = await client(ADD, { id: productId });
    expect(response.status, name).toBe(401);
    expect(errorCodes(response), name).toEqual(["UNAUTHENTICATED"]);
  }
}

async function cartRows(userId: string): Promise<number> {
  const pool = new pg.Pool({ connectionString: platform.databases.cart.url, max: 1 });
  try {
    return (await pool.query("SELECT 1 FROM carts WHERE user_id = $1", [userId])).rowCount ?? 0;
  } finally {
    await pool.end();
  }
}

describe("revocation through the router and at the subgraphs", () => {
  it("after deleteMyAccount, a token issued before can neither read `me` nor write a cart", async () => {
    const shopper = await newShopper(platform, "10.40.0.1");
    expect((await shopper.client(ADD, { id: productId })).errors).toBeUndefined();
    expect((await shopper.client(`mutation { deleteMyAccount(password: "Correct-Horse-2026") }`)).data).toEqual({ deleteMyAccount: true });
    await refusedEverywhere(shopper.token);
    // The erasure reached the cart (UserDeleted) and nothing recreated a cart afterwards.
    await eventually(async () => expect(await cartRows(shopper.userId)).toBe(0), 30_000);
  });

  it("after logout, the session's token is refused; the same user's other session still works", async () => {
    const shopper = await newShopper(platform, "10.40.1.1");
    const other = await platform.as({ "x-forwarded-for": "10.40.1.2" })(
      `mutation($e: String!) { login(email: $e, password: "Correct-Horse-2026") { accessToken } }`,
      { e: shopper.email },
    );
    expect((await shopper.client(`mutation { logout }`)).data).toEqual({ logout: true });
    await refusedEverywhere(shopper.token);
    const stillIn = platform.as({ authorization: `Bearer ${other.data!.login.accessToken}` });
    expect((await stillIn(ME)).data).toEqual({ me: { id: shopper.userId } });
  });

  it("after refresh-token reuse, the session's access token is refused", async () => {
    const anonymous = platform.as({ "x-forwarded-for": "10.40.2.1" });
    const shopper = await newShopper(platform, "10.40.2.2");
    const login = await anonymous(
      `mutation($e: String!) { login(email: $e, password: "Correct-Horse-2026") { accessToken refreshToken } }`,
      { e: shopper.email },
    );
    const { accessToken, refreshToken } = login.data!.login as { accessToken: string; refreshToken: string };
    const refresh = `mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }`;
    expect((await anonymous(refresh, { t: refreshToken })).errors).toBeUndefined();
    expect(errorCodes(await anonymous(refresh, { t: refreshToken }))).toEqual(["UNAUTHENTICATED"]);
    await refusedEverywhere(accessToken);
  });

  it("after an admin withdraws a staff member's access (role change or removal), the staff token is refused", async () => {
    const admin = await signIn(platform, "ADMIN");
    const staff: { id: string; token: string }[] = [];
    for (const i of [0, 1]) {
      const email = `staff-${Date.now()}-${i}@example.com`;
      const created = await admin(
        `mutation($e: String!) { createEmployee(email: $e, displayName: "Staff", password: "Staff-Password-2026") { id } }`,
        { e: email },
      );
      expect(created.errors).toBeUndefined();
      const login = await platform.as({ "x-forwarded-for": `10.40.3.${i + 1}` })(
        `mutation($e: String!) { login(email: $e, password: "Staff-Password-2026") { accessToken } }`,
        { e: email },
      );
      staff.push({ id: created.data!.createEmployee.id, token: login.data!.login.accessToken });
    }
    const asStaff = platform.as({ authorization: `Bearer ${staff[0]!.token}` });
    expect((await asStaff(`{ users(first: 1) { totalCount } }`)).errors).toBeUndefined();

    expect((await admin(`mutation($id: ID!) { changeUserRole(userId: $id, role: CUSTOMER) { role } }`, { id: staff[0]!.id })).data).toEqual(
      { changeUserRole: { role: "CUSTOMER" } },
    );
    await refusedEverywhere(staff[0]!.token);
    expect((await admin(`mutation($id: ID!) { deleteUser(id: $id) }`, { id: staff[1]!.id })).data).toEqual({ deleteUser: true });
    await refusedEverywhere(staff[1]!.token);
    // The admin's own session is untouched.
    expect((await admin(ME)).errors).toBeUndefined();
  });
});
