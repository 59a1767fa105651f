import type { Availability, ProductStock } from "./stock.model.ts";

/** Largest value of an INTEGER column. */
export const MAX_UNITS = 2_147_483_647;

/** Shoppers see at most this many units: exact stock figures are for staff. */
export const PUBLIC_QUANTITY_CAP = 99;

/** What a shopper sees of a product's stock; a product no store carries is out of stock. */
export function availabilityOf(stock: ProductStock | null): Availability {
  const available = Math.max(0, stock?.available ?? 0);
  const status = available === 0 ? "OUT_OF_STOCK" : available <= (stock?.threshold ?? 0) ? "LOW_STOCK" : "IN_STOCK";
  return { status, availableQuantity: Math.min(available, PUBLIC_QUANTITY_CAP) };
}

export interface LowStockState {
  onHand: number;
  reserved: number;
  threshold: number;
  /** A StockLow event already went out for the current episode of low stock. */
  alerted: boolean;
}

/**
 * The low-stock rule, applied to a store's stock after a change. Low means available (on hand
 * minus reserved) at or below the threshold. One StockLow event per episode: it fires the first
 * time a change leaves the stock low, and re-arms once availability rises above the threshold.
 * `canAlert` is false for changes that only make things better (release, expiry, return), and
 * for reservations, which are tentative: the sale (commit) of the reserved units alerts instead.
 */
export function lowStockAfterChange(state: LowStockState, canAlert: boolean): { alerted: boolean; emit: boolean } {
  const low = state.onHand - state.reserved <= state.threshold;
  if (!low) return { alerted: false, emit: false };
  const emit = canAlert && !state.alerted;
  return { alerted: state.alerted || emit, emit };
}
