/** Card details as the checkout sends them. Never logged, never stored beyond brand and last four digits. */
export interface CardInput {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

export type CardBrand = "visa" | "mastercard" | "amex" | "discover";

/** A card that passed the checks: what a provider needs, and what we may keep. */
export interface Card {
  /** Digits only. */
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
  brand: CardBrand | null;
  last4: string;
}

/** What we may keep of any card, valid or not. */
export interface CardSummary {
  brand: CardBrand | null;
  last4: string | null;
}

/** The Luhn checksum every card number carries (catches typos, not fraud). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export function brandOf(digits: string): CardBrand | null {
  if (/^4/.test(digits)) return "visa";
  if (/^5[1-5]/.test(digits)) return "mastercard";
  const two = Number(digits.slice(0, 4));
  if (two >= 2221 && two <= 2720) return "mastercard";
  if (/^3[47]/.test(digits)) return "amex";
  if (/^(6011|65|64[4-9])/.test(digits)) return "discover";
  return null;
}

const digitsOf = (number: string) => number.replace(/[\s-]/g, "");

export function summarize(number: string): CardSummary {
  const digits = digitsOf(number);
  const last4 = /^\d{4,}$/.test(digits) ? digits.slice(-4) : null;
  return { brand: /^\d+$/.test(digits) ? brandOf(digits) : null, last4 };
}

/** Cards stop working after the last day of their expiry month. */
function expired(expMonth: number, expYear: number, now: Date): boolean {
  return expYear < now.getUTCFullYear() || (expYear === now.getUTCFullYear() && expMonth < now.getUTCMonth() + 1);
}

/**
 * Checks a card locally before any provider sees it: 12 to 19 digits (spaces and dashes allowed)
 * with a valid Luhn checksum, a month 1-12, a year (two or four digits) not past and at most 20
 * years ahead, and a 3-digit CVC (4 for American Express). Null when any check fails.
 */
export function validateCard(input: CardInput, now = new Date()): Card | null {
  const digits = digitsOf(input.number);
  if (!/^\d{12,19}$/.test(digits) || !luhnValid(digits)) return null;
  const expYear = input.expYear < 100 ? 2000 + input.expYear : input.expYear;
  if (!Number.isInteger(input.expMonth) || input.expMonth < 1 || input.expMonth > 12) return null;
  if (!Number.isInteger(expYear) || expYear > now.getUTCFullYear() + 20 || expired(input.expMonth, expYear, now)) return null;
  const brand = brandOf(digits);
  if (!(brand === "amex" ? /^\d{4}$/ : /^\d{3}$/).test(input.cvc)) return null;
  return { number: digits, expMonth: input.expMonth, expYear, cvc: input.cvc, brand, last4: digits.slice(-4) };
}
