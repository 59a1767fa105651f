// `npm run seed -w @amazoff/inventory [-- COUNT]`: demo stores and the stock of the first COUNT demo products.
import { createLogger } from "@amazoff/kit";
import { createInventoryDb } from "../db.ts";
import { loadInventoryEnv } from "../env.ts";
import { DEMO_STOCKED_PRODUCTS, seedInventory } from "./seed.ts";

const env = loadInventoryEnv();
const logger = createLogger({ service: "inventory-seed", level: env.LOG_LEVEL });
const count = Number(process.argv[2] ?? DEMO_STOCKED_PRODUCTS);
if (!Number.isInteger(count) || count < 0 || count > 1_000_000) {
  logger.error("usage: seed [COUNT] where COUNT is an integer between 0 and 1000000");
  process.exit(2);
}
const db = createInventoryDb(env.INVENTORY_DATABASE_URL);
try {
  logger.info(await seedInventory(db, count), "seeded");
} finally {
  await db.close();
}
