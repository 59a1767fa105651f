import { DEMO_NAMESPACE, demoProducts, Random } from "@amazoff/demo-data";
import { uuidV5 } from "@amazoff/kit";
import type { InventoryDb } from "../db.ts";
import type { StoreKind } from "../stores/store.model.ts";

/** Products of the demo catalog that get stock (the catalog's `npm start` count). */
export const DEMO_STOCKED_PRODUCTS = 600;

/** Deterministic ids, so other subgraphs' seeds (e.g. orders) can name a demo store without asking. */
export const demoStoreId = (code: string) => uuidV5(DEMO_NAMESPACE, `store:${code}`);

interface DemoStore {
  code: string;
  name: string;
  kind: StoreKind;
  city: string;
  active: boolean;
  threshold: number;
}

const DEMO_STORES: DemoStore[] = [
  { code: "WH-RNO", name: "Reno Fulfillment Center", kind: "WAREHOUSE", city: "Reno", active: true, threshold: 10 },
  { code: "ST-NYC", name: "Amazoff SoHo", kind: "STORE", city: "New York", active: true, threshold: 3 },
  { code: "ST-SFO", name: "Amazoff Union Square", kind: "STORE", city: "San Francisco", active: true, threshold: 3 },
  { code: "ST-CHI", name: "Amazoff Magnificent Mile", kind: "STORE", city: "Chicago", active: true, threshold: 3 },
  // Closed for renovation: its stock is visible to staff but counts for nobody's availability.
  { code: "ST-SEA", name: "Amazoff Pike Place", kind: "STORE", city: "Seattle", active: false, threshold: 3 },
];

interface SeedRow {
  productId: string;
  storeId: string;
  onHand: number;
  lowStockThreshold: number;
}

/**
 * The opening stock of one product, from its index alone (so every run agrees): about 7% out of
 * stock everywhere, 10% low (a few units in one shop), the rest a warehouse stock of 20 to 250
 * plus a few units in most shops.
 */
function stockOf(productId: string, index: number): SeedRow[] {
  const random = new Random(100_003 + index);
  const roll = random.next();
  const units = new Map<string, number>(DEMO_STORES.map((s) => [s.code, 0]));
  if (roll >= 0.07 && roll < 0.17) {
    units.set(random.pick(["ST-NYC", "ST-SFO", "ST-CHI"]), random.int(1, 3));
  } else if (roll >= 0.17) {
    units.set("WH-RNO", random.int(20, 250));
    for (const code of ["ST-NYC", "ST-SFO", "ST-CHI", "ST-SEA"]) if (random.next() < 0.7) units.set(code, random.int(0, 25));
  }
  return DEMO_STORES.filter((s) => s.kind === "WAREHOUSE" || units.get(s.code)! > 0).map((s) => ({
    productId,
    storeId: demoStoreId(s.code),
    onHand: units.get(s.code)!,
    lowStockThreshold: s.threshold,
  }));
}

const CHUNK = 1000;

async function inChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<{ count: number }>): Promise<number> {
  let created = 0;
  for (let i = 0; i < rows.length; i += CHUNK) created += (await insert(rows.slice(i, i + CHUNK))).count;
  return created;
}

/** What inventory holds after seeding (the demo stores and products' rows), and what this run added. */
export interface InventorySeedResult {
  stores: number;
  stockLevels: number;
  adjustments: number;
  addedStores: number;
  addedStockLevels: number;
  addedAdjustments: number;
}

/**
 * Loads the demo stores and the opening stock of the first `productCount` demo products, each
 * with its INITIAL audit record. Idempotent: rows are keyed by deterministic ids, existing rows
 * (possibly changed by sales since) are left alone, so a restart adds nothing twice.
 */
export async function seedInventory(db: InventoryDb, productCount = DEMO_STOCKED_PRODUCTS): Promise<InventorySeedResult> {
  const addedStores = (
    await db.prisma.store.createMany({
      data: DEMO_STORES.map(({ threshold: _t, ...s }) => ({ ...s, id: demoStoreId(s.code), country: "US" })),
      skipDuplicates: true,
    })
  ).count;
  let index = 0;
  const rows: SeedRow[] = [];
  for (const product of demoProducts(productCount)) rows.push(...stockOf(product.id, index++));
  // A restart finds everything in place: counting is much cheaper than re-inserting thousands of rows.
  const complete = async (expected: number, count: () => Promise<number>) => (await count()) >= expected;
  const countStockLevels = () => db.prisma.stockLevel.count({ where: { productId: { in: [...new Set(rows.map((r) => r.productId))] } } });
  const addedStockLevels = (await complete(rows.length, countStockLevels))
    ? 0
    : await inChunks(rows, (data) => db.prisma.stockLevel.createMany({ data, skipDuplicates: true }));
  const opening = rows
    .filter((r) => r.onHand > 0)
    .map((r) => ({
      id: uuidV5(DEMO_NAMESPACE, `stock-initial:${r.productId}:${r.storeId}`),
      productId: r.productId,
      storeId: r.storeId,
      kind: "INITIAL" as const,
      delta: r.onHand,
      onHandAfter: r.onHand,
      reason: "Opening stock (demo data)",
    }));
  const countAdjustments = () => db.prisma.stockAdjustment.count({ where: { id: { in: opening.map((a) => a.id) } } });
  const addedAdjustments = (await complete(opening.length, countAdjustments))
    ? 0
    : await inChunks(opening, (data) => db.prisma.stockAdjustment.createMany({ data, skipDuplicates: true }));
  // Totals, not just what this run added: a warm start reports what is there, not zeros.
  const [stores, stockLevels, adjustments] = await Promise.all([
    db.prisma.store.count({ where: { id: { in: DEMO_STORES.map((s) => demoStoreId(s.code)) } } }),
    countStockLevels(),
    countAdjustments(),
  ]);
  return { stores, stockLevels, adjustments, addedStores, addedStockLevels, addedAdjustments };
}
