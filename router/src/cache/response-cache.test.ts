import { HeaderMap, type HTTPGraphQLRequest } from "@apollo/server";
import { describe, expect, it } from "vitest";
import { createResponseCache } from "./response-cache.ts";

const cache = createResponseCache({ ttlMs: 60_000, cacheableRootFields: new Set(["Query.products", "Query.categories"]) });
const post = (body: unknown): HTTPGraphQLRequest => ({ method: "POST", headers: new HeaderMap(), search: "", body });
const get = (search: string): HTTPGraphQLRequest => ({ method: "GET", headers: new HeaderMap(), search, body: undefined });

describe("response cache", () => {
  it("caches plain queries whose root fields are all cacheable, keyed by query and variables", () => {
    const a = cache.keyOf(post({ query: "query P($n: Int) { products(first: $n) { totalCount } __typename }", variables: { n: 5 } }));
    const b = cache.keyOf(post({ query: "query P($n: Int) { products(first: $n) { totalCount } __typename }", variables: { n: 6 } }));
    expect(a).toEqual(expect.any(String));
    expect(b).toEqual(expect.any(String));
    expect(a).not.toBe(b);
    expect(cache.keyOf(get(`?query=${encodeURIComponent("{ categories { name } }")}`))).toEqual(expect.any(String));
  });

  it.each([
    ["a mutation", "mutation { products { totalCount } }"],
    ["a field not declared cacheable", "{ products { totalCount } me { id } }"],
    ["introspection", "{ __schema { types { name } } }"],
    ["a fragment at the root", "{ ...F } fragment F on Query { products { totalCount } }"],
    ["a directive on a root field", "query($s: Boolean!) { products @skip(if: $s) { totalCount } }"],
    ["an unparsable document", "{ products { "],
  ])("never caches %s", (_label, query) => {
    expect(cache.keyOf(post({ query }))).toBeNull();
  });

  it("picks the named operation of a multi-operation document", () => {
    const query = "query A { products { totalCount } } mutation B { products { totalCount } }";
    expect(cache.keyOf(post({ query, operationName: "A" }))).toEqual(expect.any(String));
    expect(cache.keyOf(post({ query, operationName: "B" }))).toBeNull();
    expect(cache.keyOf(post({ query }))).toBeNull();
  });

  it("never stores a response with errors, and serves what it stored", () => {
    cache.set("k1", JSON.stringify({ data: { products: null }, errors: [{ message: "x" }] }));
    expect(cache.get("k1")).toBeUndefined();
    cache.set("k2", JSON.stringify({ data: { products: { totalCount: 1 } } }));
    expect(cache.get("k2")).toBe('{"data":{"products":{"totalCount":1}}}');
  });

  it("is off with a zero TTL", () => {
    const off = createResponseCache({ ttlMs: 0, cacheableRootFields: new Set(["Query.products"]) });
    expect(off.keyOf(post({ query: "{ products { totalCount } }" }))).toBeNull();
  });
});
