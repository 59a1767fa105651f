import { DEMO_SUPPLIERS, demoCategories, demoProducts, demoSupplierId } from "@amazoff/demo-data";
import type { CatalogDb } from "../db.ts";

/** Products in the demo catalog of `npm start`. */
export const DEMO_PRODUCT_COUNT = 600;

const CHUNK = 1000;

/** What the catalog holds after seeding, and how much of it this run added. */
export interface SeedResult {
  categories: number;
  products: number;
  addedCategories: number;
  addedProducts: number;
}

/**
 * Loads the generated demo catalog (categories, then products). Idempotent: rows are keyed by
 * their deterministic ids and unique slugs/SKUs, existing rows are left alone, so a restart
 * (or a concurrent second run) adds nothing twice.
 */
export async function seedCatalog(db: CatalogDb, productCount = DEMO_PRODUCT_COUNT): Promise<SeedResult> {
  const categories = demoCategories();
  // Parents first: children reference them.
  const createdCategories =
    (await db.prisma.category.createMany({ data: categories.filter((c) => !c.parentId), skipDuplicates: true })).count +
    (await db.prisma.category.createMany({ data: categories.filter((c) => c.parentId), skipDuplicates: true })).count;

  await db.prisma.supplier.createMany({ data: DEMO_SUPPLIERS.map((s) => ({ id: demoSupplierId(s.name), ...s })), skipDuplicates: true });

  let createdProducts = 0;
  if ((await db.prisma.product.count()) < productCount) {
    let batch = [];
    for (const { brand: _brand, ...product } of demoProducts(productCount)) {
      batch.push(product);
      if (batch.length === CHUNK) {
        createdProducts += (await db.prisma.product.createMany({ data: batch, skipDuplicates: true })).count;
        batch = [];
      }
    }
    if (batch.length) createdProducts += (await db.prisma.product.createMany({ data: batch, skipDuplicates: true })).count;
  }
  // Totals, not only what this run inserted: a warm start adds nothing but the catalog is full.
  const [categoryTotal, productTotal] = await Promise.all([db.prisma.category.count(), db.prisma.product.count()]);
  return { categories: categoryTotal, products: productTotal, addedCategories: createdCategories, addedProducts: createdProducts };
}
