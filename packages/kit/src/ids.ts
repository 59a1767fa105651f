import { BadUserInputError } from "./errors.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === "string" && UUID.test(value);

/** Throws BAD_USER_INPUT naming `argument` unless `value` is a UUID (our ids are UUIDs). */
export function assertId(value: string, argument: string, what = "id"): string {
  if (!isUuid(value)) throw new BadUserInputError(`\`${argument}\` is not a valid ${what}`, argument);
  return value.toLowerCase();
}
