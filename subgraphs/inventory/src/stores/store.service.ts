import { assertId, isUuid } from "@amazoff/kit";
import type { InventoryContext } from "../context.ts";
import type { Store } from "./store.model.ts";
import type { StoreRepository } from "./store.repository.ts";

/** The store network: public reads (where can I find this, which shops exist). */
export class StoreService {
  constructor(private readonly stores: StoreRepository) {}

  async list(ctx: InventoryContext): Promise<Store[]> {
    const stores = await this.stores.listActive();
    for (const store of stores) ctx.loaders.store.prime(store.id, store);
    return stores;
  }

  byId(ctx: InventoryContext, id: string): Promise<Store | null> {
    return ctx.loaders.store.load(assertId(id, "id", "store id"));
  }

  /** For federation references: a malformed id is simply not one of ours. */
  byReference(ctx: InventoryContext, id: unknown): Promise<Store | null> {
    return isUuid(id) ? ctx.loaders.store.load(id.toLowerCase()) : Promise.resolve(null);
  }

  async ofRow(ctx: InventoryContext, row: { storeId: string }): Promise<Store> {
    const store = await ctx.loaders.store.load(row.storeId);
    // store_id is a foreign key: a missing store is a broken invariant, not user error.
    if (!store) throw new Error(`store ${row.storeId} not found`);
    return store;
  }
}
