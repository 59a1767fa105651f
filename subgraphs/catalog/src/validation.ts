import { assertId, BadUserInputError } from "@amazoff/kit";

/*
 * Input rules of the staff-only catalog writes. Each check names the input field it rejects
 * (`extensions.field`), so a back-office form can point at it.
 */

/** The shop sells in one currency; prices in any other are refused. */
export const SHOP_CURRENCY = "USD";
export const MAX_PRICE = 100_000_000; // $1,000,000.00 in cents

export function text(value: string, field: string, min: number, max: number): string {
  const trimmed = value.trim();
  if (trimmed.length < min || trimmed.length > max) throw new BadUserInputError(`\`${field}\` must be ${min} to ${max} characters`, `input.${field}`);
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(trimmed)) throw new BadUserInputError(`\`${field}\` contains control characters`, `input.${field}`);
  return trimmed;
}

export function sku(value: string): string {
  const upper = value.trim().toUpperCase();
  if (!/^[A-Z0-9][A-Z0-9-]{2,31}$/.test(upper)) throw new BadUserInputError("`sku` must be 3 to 32 letters, digits or dashes", "input.sku");
  return upper;
}

export function slug(value: string): string {
  const trimmed = value.trim();
  if (trimmed.length > 120 || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(trimmed)) {
    throw new BadUserInputError("`slug` must be lowercase letters and digits separated by single dashes, at most 120 characters", "input.slug");
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
    if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(tag)) throw new BadUserInputError(`Tag "${tag.slice(0, 50)}" must be 1 to 40 lowercase letters, digits or dashes`, "input.tags");
  }
  return normalised;
}

export function country(value: string | null | undefined): string | null {
  if (value == null) return null;
  const upper = value.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(upper)) throw new BadUserInputError("`country` must be an ISO-3166 alpha-2 code", "input.country");
  return upper;
}

export function email(value: string | null | undefined): string | null {
  if (value == null) return null;
  const trimmed = value.trim().toLowerCase();
  if (trimmed.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed)) throw new BadUserInputError("`contactEmail` is not a valid email address", "input.contactEmail");
  return trimmed;
}

export const id = (value: string, field: string, what: string) => assertId(value, `input.${field}`, what);
