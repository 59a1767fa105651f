import { BadUserInputError } from "../errors.ts";

/**
 * Control characters (NUL, which PostgreSQL refuses in text, escape sequences, ...), line and
 * paragraph separators, and the bidirectional controls: embeddings and overrides (U+202A-202E),
 * isolates (U+2066-2069) and the implicit marks (U+200E, U+200F, U+061C). These make text display
 * as something other than what it is ("Trojan Source"; a product named "gpj.exe" shown reversed).
 */
const FORBIDDEN_CHARACTERS = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u;
/** The same, for multi-line text: line feeds and tabs are allowed there. */
const FORBIDDEN_IN_MULTILINE = /(?![\t\n])[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u;

/** A surrogate half without its partner: JSON can carry one, UTF-8 (and PostgreSQL) cannot. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** `String.prototype.isWellFormed` (ES2024; our lib setting is ES2023). */
export const isWellFormed = (value: string): boolean => !LONE_SURROGATE.test(value);

/** Text PostgreSQL cannot take at all (a NUL, or a lone surrogate that UTF-8 cannot encode). */
export const isUnstorableText = (value: string): boolean => value.includes("\u0000") || !isWellFormed(value);

/** Length in characters (code points), as PostgreSQL's char_length counts them. */
export function codePointLength(value: string): number {
  let length = 0;
  for (const _ of value) length++;
  return length;
}

export interface TextRule {
  min: number;
  max: number;
  /** Line breaks (normalised to \n) and tabs are allowed: descriptions, notes. */
  multiline?: boolean;
}

/**
 * A text input, trimmed and NFC-normalised (so that "é" typed two ways is stored, compared and
 * counted once), with its length counted in code points. Refuses control characters, line
 * breaks (unless `multiline`), bidirectional controls and invalid Unicode. Throws BAD_USER_INPUT
 * naming `field` (an argument, or an input field as `input.name`).
 */
export function cleanText(value: string, field: string, rule: TextRule): string {
  const fail = (reason: string): never => {
    throw new BadUserInputError(`\`${field}\` ${reason}`, field);
  };
  // A raw length far past the limit is refused before any per-character work.
  if (value.length > rule.max * 4 + 64) fail(`must be at most ${rule.max} characters`);
  if (!isWellFormed(value)) fail("is not valid Unicode text");
  let text = value.normalize("NFC").trim();
  if (rule.multiline) text = text.replace(/\r\n?/g, "\n");
  if ((rule.multiline ? FORBIDDEN_IN_MULTILINE : FORBIDDEN_CHARACTERS).test(text)) {
    fail(
      rule.multiline
        ? "must not contain control or bidirectional formatting characters"
        : "must not contain control characters, line breaks or bidirectional formatting characters",
    );
  }
  const length = codePointLength(text);
  if (length < rule.min) fail(rule.min === 1 ? "must not be empty" : `must be at least ${rule.min} characters`);
  if (length > rule.max) fail(`must be at most ${rule.max} characters`);
  return text;
}

/** An optional text input: null, undefined and blank all mean "none". */
export function cleanOptionalText(value: string | null | undefined, field: string, rule: Omit<TextRule, "min">): string | null {
  if (value === null || value === undefined || value.trim() === "") return null;
  return cleanText(value, field, { ...rule, min: 1 });
}
