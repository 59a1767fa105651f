import { randomUUID } from "node:crypto";
import type { CatalogTestServer } from "../../../catalog/test/test-server.ts";

/** A product the tests put in the catalog: what the cart needs to know about it. */
export interface TestProduct {
  id: string;
  sku: string;
  priceAmount: number;
}

// Written with plain SQL on the core columns (every later column has a default) rather than with
// the catalog's seed: the cart's tests then depend only on the catalog's snapshot endpoint, not
// on its demo data or its Prisma client, which evolve with the catalog's own issues.

/** Puts `count` products (one category) into the catalog test server's database. */
export async function addCatalogProducts(catalog: CatalogTestServer, count: number): Promise<TestProduct[]> {
  const tag = randomUUID().slice(0, 8);
  const categoryId = randomUUID();
  await catalog.db.sql.query({
    text: "INSERT INTO categories (id, name, slug) VALUES ($1::uuid, $2, $3)",
    values: [categoryId, `Cart tests ${tag}`, `cart-tests-${tag}`],
  });
  const products = Array.from(
    { length: count },
    (_, i): TestProduct => ({ id: randomUUID(), sku: `CART-${tag}-${i}`, priceAmount: 1_999 + i * 1_000 }),
  );
  for (const [i, product] of products.entries()) {
    await catalog.db.sql.query({
      text: `INSERT INTO products (id, sku, name, slug, description, price_amount, currency, category_id, updated_at)
             VALUES ($1::uuid, $2, $3, $4, $5, $6, 'USD', $7::uuid, now())`,
      values: [
        product.id,
        product.sku,
        `Cart test product ${i}`,
        `cart-test-${tag}-${i}`,
        "A product for the cart's tests.",
        product.priceAmount,
        categoryId,
      ],
    });
  }
  return products;
}

export async function setCatalogPrice(catalog: CatalogTestServer, productId: string, amount: number): Promise<void> {
  await catalog.db.sql.query({
    text: "UPDATE products SET price_amount = $1, updated_at = now() WHERE id = $2::uuid",
    values: [amount, productId],
  });
}

export async function deleteCatalogProduct(catalog: CatalogTestServer, productId: string): Promise<void> {
  await catalog.db.sql.query({ text: "DELETE FROM products WHERE id = $1::uuid", values: [productId] });
}
