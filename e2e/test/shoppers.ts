import { randomUUID } from "node:crypto";
import { demoAccounts } from "../../subgraphs/users/src/seed/demo-accounts.ts";
import type { GraphQLClient } from "@amazoff/kit/testing";
import type { Platform } from "./platform.ts";

export const GOOD_CARD = { number: "4242424242424242", expMonth: 12, expYear: 2030, cvc: "123" };

export interface Shopper {
  userId: string;
  email: string;
  token: string;
  addressId: string;
  client: GraphQLClient;
}

function ok<T>(response: { data?: T | null; errors?: unknown[] }, what: string): T {
  if (response.errors?.length || !response.data) throw new Error(`${what} failed: ${JSON.stringify(response.errors)}`);
  return response.data;
}

/** A new customer signed up through the router, with one shipping address. */
export async function newShopper(platform: Platform, address = "10.0.0.1"): Promise<Shopper> {
  const email = `shopper-${randomUUID().slice(0, 12)}@example.com`;
  const anonymous = platform.as({ "x-forwarded-for": address });
  const signup = ok(
    await anonymous(
      `mutation($email: String!) { signup(email: $email, password: "Correct-Horse-2026", displayName: "Shopper") { accessToken user { id } } }`,
      { email },
    ),
    "signup",
  ) as { signup: { accessToken: string; user: { id: string } } };
  const token = signup.signup.accessToken;
  const client = platform.as({ authorization: `Bearer ${token}` });
  const created = ok(
    await client(
      `mutation { createAddress(input: { fullName: "Ada Shopper", line1: "1 Main St", city: "Springfield", postalCode: "12345", country: "US" }) { id } }`,
    ),
    "createAddress",
  ) as { createAddress: { id: string } };
  return { userId: signup.signup.user.id, email, token, addressId: created.createAddress.id, client };
}

/** A demo staff or customer account signed in through the router. */
export async function signIn(
  platform: Platform,
  role: "ADMIN" | "EMPLOYEE" | "CUSTOMER",
): Promise<GraphQLClient & { token: string; userId: string }> {
  const account = demoAccounts().find((a) => a.role === role)!;
  const login = ok(
    await platform.as({ "x-forwarded-for": `10.9.${role.length}.1` })(
      `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken user { id } } }`,
      { e: account.email, p: account.password },
    ),
    "login",
  ) as { login: { accessToken: string; user: { id: string } } };
  return Object.assign(platform.as({ authorization: `Bearer ${login.login.accessToken}` }), {
    token: login.login.accessToken,
    userId: login.login.user.id,
  });
}

/** A product created by staff with exactly `units` in stock in one store. */
export async function productWithStock(platform: Platform, units: number, price = 2500): Promise<string> {
  const staff = await signIn(platform, "ADMIN");
  const categories = ok(await platform.query(`{ categories { children { id } } }`), "categories") as {
    categories: { children: { id: string }[] }[];
  };
  const created = ok(
    await staff(`mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }`, {
      input: {
        sku: `E2E-${randomUUID().slice(0, 8)}`,
        name: `Limited Edition Lamp ${randomUUID().slice(0, 4)}`,
        description: "Only a few made.",
        price: { amount: price, currency: "USD" },
        categoryId: categories.categories[0]!.children[0]!.id,
      },
    }),
    "createProduct",
  ) as { createProduct: { id: string } };
  const stores = ok(await platform.query(`{ stores { id } }`), "stores") as { stores: { id: string }[] };
  ok(
    await staff(`mutation($input: AdjustStockInput!) { adjustStock(input: $input) { __typename } }`, {
      input: {
        productId: created.createProduct.id,
        storeId: stores.stores[0]!.id,
        delta: units,
        reason: "e2e stock for a limited product",
      },
    }),
    "adjustStock",
  );
  return created.createProduct.id;
}

export async function addToCart(shopper: Shopper, productId: string, quantity: number): Promise<void> {
  ok(
    await shopper.client(`mutation($input: AddToCartInput!) { addToCart(input: $input) { itemCount } }`, {
      input: { productId, quantity },
    }),
    "addToCart",
  );
}

export const CHECKOUT = /* GraphQL */ `
  mutation Checkout($input: CheckoutInput!) {
    checkout(input: $input) {
      __typename
      ... on Order { id status total { amount } payment { status } }
      ... on CheckoutError { errorCode message }
      ... on PaymentDeclinedError { reason }
      ... on OutOfStockError { items { requested available } }
    }
  }
`;

export function checkout(shopper: Shopper, overrides: Record<string, unknown> = {}) {
  return shopper.client(CHECKOUT, {
    input: { shippingAddressId: shopper.addressId, paymentMethod: GOOD_CARD, idempotencyKey: `key-${randomUUID()}`, ...overrides },
  });
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function pool<T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]!, i);
      }
    }),
  );
  return results;
}
