import { pgAdapter } from "@amazoff/db";
import { PrismaClient } from "./generated/prisma/client.ts";

export type CatalogDb = PrismaClient;

/** The catalog's Prisma client; only repositories use it. */
export function createCatalogDb(url: string, poolSize = 10): CatalogDb {
  return new PrismaClient({ adapter: pgAdapter(url, { max: poolSize }) });
}
