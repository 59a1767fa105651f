// `npm run seed -w @amazoff/catalog [-- COUNT]`: loads the demo catalog (e.g. 10000 for benchmarks).
import { createLogger } from "@amazoff/kit";
import { createCatalogDb } from "../db.ts";
import { loadCatalogEnv } from "../env.ts";
import { DEMO_PRODUCT_COUNT, seedCatalog } from "./seed.ts";

const env = loadCatalogEnv();
const logger = createLogger({ service: "catalog-seed", level: env.LOG_LEVEL });
const count = Number(process.argv[2] ?? DEMO_PRODUCT_COUNT);
if (!Number.isInteger(count) || count < 0 || count > 1_000_000) {
  logger.error("usage: seed [COUNT] where COUNT is an integer between 0 and 1000000");
  process.exit(2);
}
const db = createCatalogDb(env.CATALOG_DATABASE_URL);
try {
  logger.info(await seedCatalog(db, count), "seeded");
} finally {
  await db.close();
}
