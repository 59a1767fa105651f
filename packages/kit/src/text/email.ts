import { BadUserInputError } from "../errors.ts";

export const EMAIL_MAX_LENGTH = 254;

// The practical subset of RFC 5321 addresses that mail providers accept: an ASCII local part of
// atext characters and dots (not leading, trailing or doubled), and a domain of LDH labels whose
// last label (the TLD) is not numeric. Internationalised addresses are not accepted yet.
const LOCAL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * The normalised form of an email (trimmed, lower-case): what is stored, compared and unique.
 * Throws BAD_USER_INPUT naming `field` for anything that is not a plausible address.
 */
export function normaliseEmail(value: string, field = "email"): string {
  const invalid = (reason = "is not a valid email address") => new BadUserInputError(`\`${field}\` ${reason}`, field);
  if (value.length > EMAIL_MAX_LENGTH * 4) throw invalid(`must be at most ${EMAIL_MAX_LENGTH} characters`);
  const email = value.trim().toLowerCase();
  if (email === "") throw invalid("must not be empty");
  if (email.length > EMAIL_MAX_LENGTH) throw invalid(`must be at most ${EMAIL_MAX_LENGTH} characters`);
  const at = email.lastIndexOf("@");
  const local = email.slice(0, at);
  const labels = email.slice(at + 1).split(".");
  const valid =
    at > 0 &&
    local.length <= 64 &&
    LOCAL.test(local) &&
    labels.length >= 2 &&
    labels.every((label) => LABEL.test(label)) &&
    !/^\d+$/.test(labels.at(-1)!);
  if (!valid) throw invalid();
  return email;
}
