import { ConflictError, type Money } from "@amazoff/kit";

/** GraphQL's Int is 32-bit: a larger amount would fail serialisation with a bare INTERNAL error. */
const MAX_AMOUNT = 2_147_483_647;

function checked(amount: number): number {
  if (amount > MAX_AMOUNT) throw new ConflictError("The cart's total is larger than an amount can be; remove some units");
  return amount;
}

export function lineTotal(unitPrice: Money, quantity: number): Money {
  return { amount: checked(unitPrice.amount * quantity), currency: unitPrice.currency };
}

/**
 * Sum of the line totals. An empty cart costs zero in the shop currency. Lines in different
 * currencies cannot be added up: the catalog prices everything in one currency, so that is a
 * broken invariant reported as CONFLICT rather than a wrong number.
 */
export function subtotal(totals: readonly Money[], shopCurrency: string): Money {
  const currency = totals[0]?.currency ?? shopCurrency;
  let amount = 0;
  for (const total of totals) {
    if (total.currency !== currency) throw new ConflictError("The cart holds products priced in different currencies");
    amount = checked(amount + total.amount);
  }
  return { amount, currency };
}
