import { BadUserInputError, cleanCountryCode, cleanOptionalText, cleanText } from "@amazoff/kit";
import type { AddressChanges, AddressData } from "./address.model.ts";

/** What clients send (GraphQL inputs): every field optional in updates, null clears optional ones. */
export interface AddressFields {
  fullName?: string | null;
  line1?: string | null;
  line2?: string | null;
  city?: string | null;
  region?: string | null;
  postalCode?: string | null;
  country?: string | null;
  phone?: string | null;
  isDefault?: boolean | null;
}

const POSTAL_CODE = /^[A-Za-z0-9](?:[A-Za-z0-9 -]*[A-Za-z0-9])?$/;
const PHONE = /^\+?[0-9 ().-]+$/;

const field = (name: string) => `input.${name}`;

function required(value: string | null | undefined, name: string, max: number): string {
  if (value === null || value === undefined) throw new BadUserInputError(`\`${field(name)}\` must not be empty`, field(name));
  return cleanText(value, field(name), { min: 1, max });
}

function postalCode(value: string | null | undefined): string {
  const code = required(value, "postalCode", 20);
  if (!POSTAL_CODE.test(code))
    throw new BadUserInputError("`input.postalCode` may contain only letters, digits, spaces and hyphens", field("postalCode"));
  return code;
}

const country = (value: string | null | undefined): string => cleanCountryCode(required(value, "country", 2), field("country"));

function phone(value: string | null | undefined): string | null {
  const number = cleanOptionalText(value, field("phone"), { max: 32 });
  if (number === null) return null;
  const digits = number.replace(/\D/g, "").length;
  // E.164 numbers have at most 15 digits; fewer than 5 is no phone number anywhere.
  if (!PHONE.test(number) || digits < 5 || digits > 15) {
    throw new BadUserInputError("`input.phone` must be a phone number such as +1 555 010 0000", field("phone"));
  }
  return number;
}

const PARSERS = {
  fullName: (v: string | null | undefined) => required(v, "fullName", 100),
  line1: (v: string | null | undefined) => required(v, "line1", 200),
  line2: (v: string | null | undefined) => cleanOptionalText(v, field("line2"), { max: 200 }),
  city: (v: string | null | undefined) => required(v, "city", 100),
  region: (v: string | null | undefined) => cleanOptionalText(v, field("region"), { max: 100 }),
  postalCode,
  country,
  phone,
} as const;

type TextKey = keyof typeof PARSERS;
const TEXT_KEYS = Object.keys(PARSERS) as TextKey[];

/** Every field of a new address, validated in schema order (the first fault is reported). */
export function parseAddress(input: AddressFields): AddressData {
  const data = Object.fromEntries(TEXT_KEYS.map((key) => [key, PARSERS[key](input[key])])) as Omit<AddressData, "isDefault">;
  return { ...data, isDefault: input.isDefault === true };
}

/** The fields present in an update, validated; null clears optional fields and is refused for required ones. */
export function parseAddressChanges(input: AddressFields): AddressChanges {
  const changes: Record<string, unknown> = {};
  for (const key of TEXT_KEYS) {
    if (key in input && input[key] !== undefined) changes[key] = PARSERS[key](input[key]);
  }
  if (input.isDefault !== undefined && input.isDefault !== null) changes.isDefault = input.isDefault;
  if (Object.keys(changes).length === 0) throw new BadUserInputError("`input` must change at least one field", "input");
  return changes as AddressChanges;
}
