import { GraphQLScalarType, Kind, valueFromASTUntyped } from "graphql";
import { BadUserInputError } from "./errors.ts";

function parseDate(value: unknown): Date {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    throw new BadUserInputError("DateTime must be an ISO-8601 date and time with a zone, e.g. 2026-11-22T10:00:00Z");
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new BadUserInputError(`${value} is not a valid DateTime`);
  return date;
}

/** ISO-8601 date-times in UTC; shared by every subgraph that exposes a `DateTime`. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: "DateTime",
  description: "An ISO-8601 date and time in UTC, e.g. `2026-11-22T10:00:00.000Z`.",
  serialize(value) {
    const date = value instanceof Date ? value : new Date(value as string);
    if (Number.isNaN(date.getTime())) throw new TypeError("DateTime cannot represent an invalid date");
    return date.toISOString();
  },
  parseValue: parseDate,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new BadUserInputError("DateTime must be given as a string");
    return parseDate(ast.value);
  },
});

/**
 * `JSON`: an arbitrary JSON value, for documents whose shape is not part of the schema (each
 * subgraph's part of the GDPR export).
 */
export const JSONScalar = new GraphQLScalarType<unknown, unknown>({
  name: "JSON",
  description: "An arbitrary JSON value: an object, array, string, number, boolean or null.",
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});
