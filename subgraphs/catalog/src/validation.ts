import { assertId, BadUserInputError, cleanCountryCode, cleanText, normaliseEmail } from "@amazoff/kit";

/*
 * Input rules of the staff-only catalog writes. Each check names the input field it rejects
 * (`extensions.field`), so a back-office form can point at it.
 */

/** The shop sells in one currency; prices in any other are refused. */
export const SHOP_CURRENCY = "USD";
export const MAX_PRICE = 100_000_000; // $1,000,000.00 in cents

/** A single-line name (the kit's text rules: NFC, no control or bidirectional characters, code points). */
export const text = (value: string, field: string, min: number, max: number): string => cleanText(value, `input.${field}`, { min, max });

/** A product description: the same rules, on several lines. */
export const description = (value: string): string => cleanText(value, "input.description", { min: 1, max: 5000, multiline: true });

export function sku(value: string): string {
  const upper = value.trim().toUpperCase();
  if (!/^[A-Z0-9][A-Z0-9-]{2,31}$/.test(upper)) throw new BadUserInputError("`sku` must be 3 to 32 letters, digits or dashes", "input.sku");
  return upper;
}

export function slug(value: string): string {
  const trimmed = value.trim();
  if (trimmed.length > 120 || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(trimmed)) {
    throw new BadUserInputError(
      "`slug` must be lowercase letters and digits separated by single dashes, at most 120 characters",
      "input.slug",
    );
  }
  return trimmed;
}

export function price(value: { amount: number; currency: string }): { priceAmount: number; currency: string } {
  if (!Number.isInteger(value.amount) || value.amount < 0 || value.amount > MAX_PRICE) {
    throw new BadUserInputError(`\`price.amount\` must be an integer from 0 to ${MAX_PRICE} (minor units)`, "input.price.amount");
  }
  if (value.currency !== SHOP_CURRENCY) throw new BadUserInputError(`\`price.currency\` must be ${SHOP_CURRENCY}`, "input.price.currency");
  return { priceAmount: value.amount, currency: value.currency };
}

export function tags(values: string[]): string[] {
  if (values.length > 20) throw new BadUserInputError("At most 20 tags", "input.tags");
  const normalised = [...new Set(values.map((t) => t.trim().toLowerCase()))];
  for (const tag of normalised) {
    if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(tag))
      throw new BadUserInputError(`Tag "${tag.slice(0, 50)}" must be 1 to 40 lowercase letters, digits or dashes`, "input.tags");
  }
  return normalised;
}

export const country = (value: string | null | undefined): string | null =>
  value == null ? null : cleanCountryCode(value, "input.country");

export const email = (value: string | null | undefined): string | null =>
  value == null ? null : normaliseEmail(value, "input.contactEmail");

export const id = (value: string, field: string, what: string) => assertId(value, `input.${field}`, what);
