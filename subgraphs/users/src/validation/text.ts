import { BadUserInputError } from "@amazoff/kit";

/**
 * Control characters (NUL, which PostgreSQL refuses in text, newlines, ...), line/paragraph
 * separators and bidirectional overrides (used to make text display as something else).
 */
const FORBIDDEN_CHARACTERS = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

/** A surrogate half without its partner: JSON can carry one, UTF-8 (and PostgreSQL) cannot. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** `String.prototype.isWellFormed` (ES2024; our lib setting is ES2023). */
export const isWellFormed = (value: string): boolean => !LONE_SURROGATE.test(value);

export interface TextRule {
  min: number;
  max: number;
}

/**
 * A single-line text input, trimmed and NFC-normalised, with its length counted in characters
 * (code points, as PostgreSQL's char_length counts them). Throws BAD_USER_INPUT naming `field`.
 */
export function cleanText(value: string, field: string, rule: TextRule): string {
  const fail = (reason: string): never => {
    throw new BadUserInputError(`\`${field}\` ${reason}`, field);
  };
  // A raw length far past the limit is refused before any per-character work.
  if (value.length > rule.max * 4 + 64) fail(`must be at most ${rule.max} characters`);
  if (!isWellFormed(value)) fail("is not valid Unicode text");
  const text = value.normalize("NFC").trim();
  if (FORBIDDEN_CHARACTERS.test(text)) fail("must not contain control characters or line breaks");
  const length = [...text].length;
  if (length < rule.min) fail(rule.min === 1 ? "must not be empty" : `must be at least ${rule.min} characters`);
  if (length > rule.max) fail(`must be at most ${rule.max} characters`);
  return text;
}

/** An optional text input: null, undefined and blank all mean "none". */
export function cleanOptionalText(value: string | null | undefined, field: string, rule: Omit<TextRule, "min">): string | null {
  if (value === null || value === undefined || value.trim() === "") return null;
  return cleanText(value, field, { min: 1, max: rule.max });
}
