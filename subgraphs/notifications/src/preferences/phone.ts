import { BadUserInputError } from "@amazoff/kit";

/** E.164: `+`, a country code that does not start with 0, then the number; 8 to 15 digits in all. */
const E164 = /^\+[1-9][0-9]{7,14}$/;

/**
 * The SMS number in E.164 form. People write numbers with spaces, dots, dashes and parentheses;
 * those are dropped. Anything else (letters, a missing `+` and country code, too few or too many
 * digits) is refused with BAD_USER_INPUT on `field`.
 */
export function toE164(input: string, field: string): string {
  const compact = input.trim().replace(/[\s.()-]/g, "");
  if (!E164.test(compact)) {
    throw new BadUserInputError("Give the number in international form: + and the country code, e.g. +14155550123", field);
  }
  return compact;
}
