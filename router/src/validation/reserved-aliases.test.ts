import { buildSchema, parse, specifiedRules, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { ReservedAliasesRule } from "./reserved-aliases.ts";

const schema = buildSchema(`type Query { name: String, product: Product } type Product { id: ID }`);
const errors = (query: string) => validate(schema, parse(query), [...specifiedRules, ReservedAliasesRule]).map((e) => e.message);

describe("ReservedAliasesRule", () => {
  it.each([`{ __typename: name }`, `{ product { __typename: id } }`, `{ __schema: name }`, `{ __x: __typename }`])(
    "refuses %s",
    (query) => {
      expect(errors(query)).toEqual([expect.stringMatching(/is reserved/)]);
    },
  );

  it.each([`{ name }`, `{ t: __typename }`, `{ __typename: __typename }`, `{ product { _id: id } }`])("accepts %s", (query) => {
    expect(errors(query)).toEqual([]);
  });
});
