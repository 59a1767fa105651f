import { assertId, BadUserInputError } from "@amazoff/kit";
import { MAX_LINE_QUANTITY } from "./cart.model.ts";

// GraphQL already guarantees the types (Int is a 32-bit integer, ID a string); these rules add
// the ranges, reporting the offending input field in `extensions.field`.

/** Units to add: 1 to MAX_LINE_QUANTITY. */
export function unitsToAdd(quantity: number, field = "input.quantity"): number {
  if (!Number.isInteger(quantity) || quantity < 1)
    throw new BadUserInputError("`quantity` must be a positive whole number", field, { min: 1 });
  if (quantity > MAX_LINE_QUANTITY)
    throw new BadUserInputError(`A line holds at most ${MAX_LINE_QUANTITY} units`, field, { max: MAX_LINE_QUANTITY });
  return quantity;
}

/** A line's new quantity: 0 (remove) to MAX_LINE_QUANTITY. */
export function newLineQuantity(quantity: number, field = "input.quantity"): number {
  if (!Number.isInteger(quantity) || quantity < 0)
    throw new BadUserInputError("`quantity` must be 0 or a positive whole number", field, { min: 0 });
  if (quantity > MAX_LINE_QUANTITY)
    throw new BadUserInputError(`A line holds at most ${MAX_LINE_QUANTITY} units`, field, { max: MAX_LINE_QUANTITY });
  return quantity;
}

export const productIdOf = (id: string, field = "input.productId"): string => assertId(id, field, "product id");
export const guestCartIdOf = (id: string, field: string): string => assertId(id, field, "guest cart id");

/**
 * A line may grow to `next` units only within stock: `available` is what the inventory reports.
 * Shrinking is always allowed, even above what is available now (stock may have dropped since
 * the units were added; the customer is fixing exactly that).
 */
export function assertWithinStock(next: number, current: number, available: number, field = "input.quantity"): void {
  if (next > MAX_LINE_QUANTITY) {
    throw new BadUserInputError(`A line holds at most ${MAX_LINE_QUANTITY} units (${current} already in the cart)`, field, {
      max: MAX_LINE_QUANTITY,
      inCart: current,
    });
  }
  if (next > current && next > available) {
    const message = available === 0 ? "This product is out of stock" : `Only ${available} available (${current} already in the cart)`;
    throw new BadUserInputError(message, field, { available, inCart: current });
  }
}

/**
 * A merged line: the user's units plus the guest's, capped at the line maximum and at stock, but
 * never fewer than the user already had (merging must not take units away).
 */
export function mergedQuantity(existing: number, guest: number, available: number): number {
  const cap = Math.min(MAX_LINE_QUANTITY, Math.max(available, 0));
  return Math.max(existing, Math.min(existing + guest, cap));
}
