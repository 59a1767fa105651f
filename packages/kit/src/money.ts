/** Money as the API carries it: integer minor units and an ISO-4217 code (never a float). */
export interface Money {
  amount: number;
  currency: string;
}

const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(currency: string): Intl.NumberFormat {
  let formatter = formatters.get(currency);
  if (!formatter) {
    formatter = new Intl.NumberFormat("en-US", { style: "currency", currency });
    formatters.set(currency, formatter);
  }
  return formatter;
}

/** Number of minor units in one major unit: 100 for USD, 1 for JPY, 1000 for KWD. */
export function minorUnitsPerMajor(currency: string): number {
  return 10 ** (formatterFor(currency).resolvedOptions().maximumFractionDigits ?? 2);
}

/** `{ amount: 1999, currency: "USD" }` -> `$19.99`, exact (integer division, no float drift). */
export function formatMoney(money: Money): string {
  const per = minorUnitsPerMajor(money.currency);
  const digits = Math.round(Math.log10(per));
  const sign = money.amount < 0 ? "-" : "";
  const abs = Math.abs(money.amount);
  const major = Math.trunc(abs / per);
  const minor = abs % per;
  // Format the major part with grouping, then append the exact minor digits.
  const parts = formatterFor(money.currency).formatToParts(major);
  const text = parts.map((part) => (part.type === "fraction" ? String(minor).padStart(digits, "0") : part.value)).join("");
  return sign + text;
}

export const isCurrencyCode = (value: string): boolean => /^[A-Z]{3}$/.test(value);
