import type { HeldItem, RequestedItem, Shortage } from "./reservation.model.ts";

/** A locked stock row a reservation may draw from (active stores only). */
export interface StockCandidate {
  productId: string;
  storeId: string;
  available: number;
}

/** One line per product (quantities of duplicate lines added up), sorted by product id: the lock order. */
export function mergeItems(items: readonly RequestedItem[]): RequestedItem[] {
  const merged = new Map<string, number>();
  for (const item of items) {
    const id = item.productId.toLowerCase();
    merged.set(id, (merged.get(id) ?? 0) + item.quantity);
  }
  return [...merged].map(([productId, quantity]) => ({ productId, quantity })).sort((a, b) => (a.productId < b.productId ? -1 : 1));
}

/**
 * Splits each requested quantity over the stores holding the product, the store with the most
 * available units first (fewest parcels), ties by store id so the result is deterministic.
 * All or nothing: any product that cannot be supplied in full makes it a list of shortages.
 */
export function allocate(
  items: readonly RequestedItem[],
  candidates: readonly StockCandidate[],
): { held: HeldItem[] } | { shortages: Shortage[] } {
  const held: HeldItem[] = [];
  const shortages: Shortage[] = [];
  for (const item of items) {
    const stores = candidates
      .filter((c) => c.productId === item.productId && c.available > 0)
      .sort((a, b) => b.available - a.available || (a.storeId < b.storeId ? -1 : 1));
    const available = stores.reduce((sum, c) => sum + c.available, 0);
    if (available < item.quantity) {
      shortages.push({ productId: item.productId, requested: item.quantity, available });
      continue;
    }
    let remaining = item.quantity;
    for (const store of stores) {
      if (remaining === 0) break;
      const quantity = Math.min(remaining, store.available);
      held.push({ productId: item.productId, storeId: store.storeId, quantity });
      remaining -= quantity;
    }
  }
  return shortages.length ? { shortages } : { held };
}
