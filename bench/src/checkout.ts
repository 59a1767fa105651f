import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { demoAccounts } from "../../subgraphs/users/src/seed/demo-accounts.ts";
import { benchDataDir, startPlatform } from "./platform.ts";

type Gql = (
  query: string,
  variables?: Record<string, unknown>,
) => Promise<{ data?: any; errors?: { message: string; extensions?: { code?: string } }[] }>;

function client(url: string, headers: Record<string, string> = {}): Gql {
  return async (query, variables) => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as never;
  };
}

function must<T>(result: { data?: T; errors?: unknown }, what: string): T {
  if (result.errors || !result.data) throw new Error(`${what}: ${JSON.stringify(result.errors)}`);
  return result.data;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/**
 * Sustained checkouts through the router, everything on this machine: `workers` customers, each
 * looping add-to-cart then checkout (a new idempotency key each time) for `durationSeconds`.
 * Reports completed checkouts per second and the checkout mutation's latency.
 */
export async function checkoutBench(workers: number, durationSeconds: number): Promise<Record<string, string>> {
  const dataDir = await benchDataDir();
  const platform = await startPlatform({ dataDir, pgPort: 46_000 + Math.floor(Math.random() * 1000), portOffset: 32_000 });
  try {
    const url = platform.routerUrl;
    const admin = demoAccounts().find((a) => a.role === "ADMIN")!;
    const login = must(
      await client(url, { "x-forwarded-for": "10.99.0.1" })(
        `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`,
        { e: admin.email, p: admin.password },
      ),
      "admin login",
    ) as { login: { accessToken: string } };
    const asAdmin = client(url, { authorization: `Bearer ${login.login.accessToken}` });
    const categories = must(await asAdmin(`{ categories { children { id } } stores { id } }`), "categories") as {
      categories: { children: { id: string }[] }[];
      stores: { id: string }[];
    };
    const product = must(
      await asAdmin(`mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }`, {
        input: {
          sku: `BENCH-${randomUUID().slice(0, 8)}`,
          name: "Benchmark Mug",
          description: "A mug bought many times.",
          price: { amount: 1299, currency: "USD" },
          categoryId: categories.categories[0]!.children[0]!.id,
        },
      }),
      "createProduct",
    ) as { createProduct: { id: string } };
    must(
      await asAdmin(`mutation($input: AdjustStockInput!) { adjustStock(input: $input) { __typename } }`, {
        input: { productId: product.createProduct.id, storeId: categories.stores[0]!.id, delta: 1_000_000, reason: "benchmark stock" },
      }),
      "adjustStock",
    );

    const shoppers = await Promise.all(
      Array.from({ length: workers }, async (_, i) => {
        const signup = must(
          await client(url)(
            `mutation($e: String!) { signup(email: $e, password: "Benchmark-Horse-2026", displayName: "Bench") { accessToken } }`,
            { e: `bench-${i}-${randomUUID().slice(0, 6)}@example.com` },
          ),
          "signup",
        ) as { signup: { accessToken: string } };
        const gql = client(url, { authorization: `Bearer ${signup.signup.accessToken}` });
        const address = must(
          await gql(
            `mutation { createAddress(input: { fullName: "Bench", line1: "1 Load St", city: "Perf", postalCode: "12345", country: "US" }) { id } }`,
          ),
          "address",
        ) as { createAddress: { id: string } };
        return { gql, addressId: address.createAddress.id };
      }),
    );

    const latencies: number[] = [];
    let orders = 0;
    let failures = 0;
    const started = performance.now();
    const deadline = started + durationSeconds * 1000;
    await Promise.all(
      shoppers.map(async ({ gql, addressId }) => {
        while (performance.now() < deadline) {
          await gql(`mutation($id: ID!) { addToCart(input: { productId: $id, quantity: 1 }) { itemCount } }`, {
            id: product.createProduct.id,
          });
          const t = performance.now();
          const result = await gql(`mutation($input: CheckoutInput!) { checkout(input: $input) { __typename } }`, {
            input: {
              shippingAddressId: addressId,
              idempotencyKey: randomUUID(),
              paymentMethod: { number: "4242424242424242", expMonth: 12, expYear: 2030, cvc: "123" },
            },
          });
          latencies.push(performance.now() - t);
          if (result.data?.checkout?.__typename === "Order") orders += 1;
          else failures += 1;
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const sorted = latencies.sort((a, b) => a - b);
    return {
      [`checkouts, ${workers} concurrent customers, ${durationSeconds} s`]: `${(orders / elapsed).toFixed(1)} orders/s (${orders} orders, ${failures} failed)`,
      "checkout mutation latency": `p50 ${percentile(sorted, 50).toFixed(0)} ms, p90 ${percentile(sorted, 90).toFixed(0)} ms, p99 ${percentile(sorted, 99).toFixed(0)} ms, max ${sorted.at(-1)?.toFixed(0)} ms`,
    };
  } finally {
    await platform.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
