import { Prisma } from "../generated/prisma/client.ts";
import type { InventoryDb } from "../db.ts";
import type { Store } from "./store.model.ts";

const COLUMNS = Prisma.sql`id, code, name, kind::text AS kind, city, country, active`;

export class StoreRepository {
  constructor(private readonly db: InventoryDb) {}

  findByIds(ids: readonly string[]): Promise<Store[]> {
    return this.db.sql.query<Store>(Prisma.sql`SELECT ${COLUMNS} FROM stores WHERE id = ANY(${[...ids]}::uuid[])`);
  }

  /** Active stores by name (a few dozen at most: no pagination needed). */
  listActive(): Promise<Store[]> {
    return this.db.sql.query<Store>(Prisma.sql`SELECT ${COLUMNS} FROM stores WHERE active ORDER BY name, id`);
  }
}
