import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { fetchFieldPaths } from "./fetch-paths.ts";

describe("fetchFieldPaths", () => {
  it("gives each root field of a root fetch, by response key", () => {
    const document = parse(
      `query Q__catalog__0 { __typename products(first: 2) { edges { node { id } } } top: product(id: "1") { name } }`,
    );
    expect(fetchFieldPaths(document, undefined)).toEqual([["products"], ["top"]]);
  });

  it("gives each field of each entity of an entity fetch, for the entity's own type", () => {
    const document = parse(`query Q__inventory__1($representations: [_Any!]!) {
      _entities(representations: $representations) {
        ... on Product { __typename availability { status } stock: inStock }
        ... on Store { name }
      }
    }`);
    const representations = [
      { __typename: "Product", id: "p1" },
      { __typename: "Store", id: "s1" },
      { __typename: "Product", id: "p2" },
    ];
    expect(fetchFieldPaths(document, { representations })).toEqual([
      ["_entities", 0, "availability"],
      ["_entities", 0, "stock"],
      ["_entities", 1, "name"],
      ["_entities", 2, "availability"],
      ["_entities", 2, "stock"],
    ]);
  });

  it("follows named fragments, as the query planner writes them for repeated selections", () => {
    const document = parse(`query Q($representations: [_Any!]!) { _entities(representations: $representations) { ...ProductStock } }
      fragment ProductStock on Product { inStock ...More }
      fragment More on Product { availability { status } }`);
    expect(fetchFieldPaths(document, { representations: [{ __typename: "Product", id: "1" }] })).toEqual([
      ["_entities", 0, "inStock"],
      ["_entities", 0, "availability"],
    ]);
  });

  it("falls back to every field when no fragment names the entity's type (an interface)", () => {
    const document = parse(
      `query Q($representations: [_Any!]!) { _entities(representations: $representations) { ... on Node { label } } }`,
    );
    expect(fetchFieldPaths(document, { representations: [{ __typename: "Product", id: "1" }] })).toEqual([["_entities", 0, "label"]]);
  });

  it("gives nothing without representations", () => {
    const document = parse(
      `query Q($representations: [_Any!]!) { _entities(representations: $representations) { ... on Product { inStock } } }`,
    );
    expect(fetchFieldPaths(document, {})).toEqual([]);
  });
});
