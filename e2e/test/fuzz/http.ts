import fc from "fast-check";
import type { FuzzRequest } from "./documents.ts";

/** One HTTP exchange with `/graphql`, as sent on the wire. */
export interface RawRequest {
  method: "GET" | "POST" | "PUT" | "DELETE" | "OPTIONS" | "PATCH";
  /** Appended to `/graphql`. */
  search: string;
  headers: Record<string, string>;
  body?: string;
}

const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "application/graphql-response+json",
  "application/graphql",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/jsonx",
  "",
];

const ACCEPTS = [
  "application/json",
  "application/graphql-response+json",
  "multipart/mixed",
  "text/html",
  "*/*",
  "multipart/mixed;deferSpec=20220824",
];

/** JSON that is not a GraphQL request object, or is one with wrongly typed members. */
const oddJson = fc.oneof(
  fc.json(),
  fc.constantFrom("null", "[]", "{}", '""', "1", "[{}]", '[{"query":"{ __typename }"}]'),
  fc
    .record(
      {
        query: fc.oneof(
          fc.string(),
          fc.integer(),
          fc.constant(null),
          fc.array(fc.string(), { maxLength: 2 }),
          fc.constant("{ __typename }"),
        ),
        variables: fc.oneof(
          fc.constant(null),
          fc.string(),
          fc.integer(),
          fc.array(fc.integer(), { maxLength: 2 }),
          fc.dictionary(fc.string({ maxLength: 3 }), fc.jsonValue(), { maxKeys: 2 }),
        ),
        operationName: fc.oneof(fc.constant(null), fc.integer(), fc.string({ maxLength: 4 }), fc.constant({})),
        extensions: fc.oneof(
          fc.constant(null),
          fc.string(),
          fc.constant({ persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } }),
          fc.constant({ persistedQuery: { version: 2, sha256Hash: 1 } }),
          fc.constant({ persistedQuery: null }),
        ),
      },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value)),
);

/** Bodies that are not JSON at all: cut, doubled, binary, huge nesting. */
const malformedBody = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(
    '{"query": "{ __typename }"',
    "{'query': '{ __typename }'}",
    '{"query":"{ __typename }"}{}',
    "\u0000",
    "[".repeat(5_000),
    '{"a":'.repeat(2_000),
    "query { __typename }",
  ),
);

/** A GraphQL request (from documents.ts) sent as a GET with query parameters. */
export function asGet(request: FuzzRequest, accept: string): RawRequest {
  const params = new URLSearchParams({ query: request.query });
  if (Object.keys(request.variables).length) params.set("variables", JSON.stringify(request.variables));
  if (request.operationName !== undefined) params.set("operationName", request.operationName);
  // Apollo Server refuses GETs without a preflight-proof header (CSRF prevention) unless they carry one.
  return { method: "GET", search: `?${params}`, headers: { accept, "apollo-require-preflight": "true" } };
}

/** A GraphQL request (from documents.ts) POSTed as a client would. */
export const asPost = (request: FuzzRequest, contentType = "application/json"): RawRequest => ({
  method: "POST",
  search: "",
  headers: { "content-type": contentType },
  body: JSON.stringify(request),
});

/** Requests that are wrong at the HTTP level: methods, content types, bodies, query strings. */
export const malformedRequests: fc.Arbitrary<RawRequest> = fc.oneof(
  fc.record({
    method: fc.constantFrom("POST", "PUT", "PATCH", "DELETE"),
    search: fc.constant(""),
    headers: fc.record({ "content-type": fc.constantFrom(...CONTENT_TYPES), accept: fc.constantFrom(...ACCEPTS) }),
    body: fc.oneof(oddJson, malformedBody),
  }) as fc.Arbitrary<RawRequest>,
  fc.record({
    method: fc.constantFrom("GET", "OPTIONS"),
    search: fc.oneof(
      fc.constant(""),
      fc.string({ maxLength: 30 }).map((q) => `?query=${encodeURIComponent(q)}`),
      fc.constantFrom(
        "?query={__typename}&variables=nope",
        "?query=mutation{ping}",
        "?variables={}",
        "?query={__typename}&extensions=%7B",
        "?query=%E0%A4%A",
        "?query=query%20A%7B__typename%7Dquery%20B%7B__typename%7D",
      ),
    ),
    headers: fc.record({ accept: fc.constantFrom(...ACCEPTS), "apollo-require-preflight": fc.constantFrom("true", "") }),
  }) as fc.Arbitrary<RawRequest>,
);
