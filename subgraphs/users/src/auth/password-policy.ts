import { BadUserInputError, isWellFormed } from "@amazoff/kit";
import { normalisePassword } from "./password-hasher.ts";

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

/**
 * Passwords people and lists use most, among those long enough to pass the length rule (NIST
 * SP 800-63B asks to refuse "commonly-used" passwords; a short list catches the worst).
 */
const COMMON = new Set([
  "1234567890",
  "12345678910",
  "123456789012",
  "0987654321",
  "1111111111",
  "qwertyuiop",
  "qwertyuiop123",
  "1q2w3e4r5t",
  "1qaz2wsx3edc",
  "password12",
  "password123",
  "password1234",
  "passw0rd123",
  "iloveyou12",
  "abcdefghij",
  "abc1234567",
  "qwerty1234",
  "qwerty12345",
  "letmein123",
  "welcome123",
  "administrator",
  "changeme123",
  "football123",
  "baseball123",
  "princess123",
  "sunshine123",
  "trustno1234",
  "superman123",
]);

/** Control characters, bidirectional overrides and line/paragraph separators: never typed, often hostile. */
const FORBIDDEN_CHARACTERS = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

/** Each code point one more (or one less) than the one before, e.g. `0123456789`, `abcdefghij`. */
function isSequence(chars: string[]): boolean {
  const codes = chars.map((c) => c.codePointAt(0)!);
  const step = codes[1]! - codes[0]!;
  return Math.abs(step) === 1 && codes.every((code, i) => i === 0 || code - codes[i - 1]! === step);
}

/**
 * Throws BAD_USER_INPUT (naming `field`) unless `password` may become an account's password.
 * Rules: 10 to 200 characters (after Unicode normalisation), not the email or its local part,
 * not one repeated character or a simple sequence, at least 4 distinct characters, not a
 * well-known password, no control characters.
 */
export function assertAcceptablePassword(password: string, email: string, field = "password"): void {
  const fail = (reason: string) => {
    throw new BadUserInputError(`\`${field}\` ${reason}`, field);
  };
  // Checked on the raw length first so a megabyte string costs nothing to refuse.
  if (password.length > PASSWORD_MAX_LENGTH * 4) fail(`must be at most ${PASSWORD_MAX_LENGTH} characters`);
  if (!isWellFormed(password)) fail("is not valid Unicode text");
  const normalised = normalisePassword(password);
  if (FORBIDDEN_CHARACTERS.test(normalised)) fail("must not contain control characters");
  const chars = [...normalised];
  if (chars.length < PASSWORD_MIN_LENGTH) fail(`must be at least ${PASSWORD_MIN_LENGTH} characters`);
  if (chars.length > PASSWORD_MAX_LENGTH) fail(`must be at most ${PASSWORD_MAX_LENGTH} characters`);
  const lower = normalised.toLowerCase();
  const local = email.split("@")[0] ?? "";
  // A one- or two-letter local part would forbid nearly every password; compare the whole email then.
  if (lower.includes(email) || (local.length >= 3 && lower.includes(local))) fail("must not contain your email address or its name part");
  if (new Set(chars).size === 1) fail("must not be one repeated character");
  if (isSequence(chars)) fail("must not be a simple sequence such as 0123456789");
  if (new Set(chars).size < 4) fail("must contain at least 4 different characters");
  if (COMMON.has(lower)) fail("is too common; choose a less predictable one");
}
