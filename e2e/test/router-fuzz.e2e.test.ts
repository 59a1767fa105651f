import fc from "fast-check";
import { buildClientSchema, getIntrospectionQuery, type GraphQLSchema, type IntrospectionQuery } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fuzzRequests, type FuzzRequest } from "./fuzz/documents.ts";
import { asGet, asPost, malformedRequests, type RawRequest } from "./fuzz/http.ts";
import { startPlatform, type Platform } from "./platform.ts";
import { newShopper } from "./shoppers.ts";

/**
 * Whatever a client sends, the router answers with a status below 500 and errors that carry a
 * code a client can act on: ours (except INTERNAL) or GraphQL's request-level ones. INTERNAL, or a
 * 500, means a request crashed something: a bug to fix at its root, never to mask.
 */
const CLIENT_CODES = new Set([
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "BAD_USER_INPUT",
  "NOT_FOUND",
  "CONFLICT",
  "RATE_LIMITED",
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "OPERATION_RESOLUTION_FAILURE",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
]);

// Runs per property: enough to cover the grammar's branches, few enough to stay well under a
// minute on two shared cores. FUZZ_RUNS raises them for a longer hunt.
const RUNS = Number(process.env.FUZZ_RUNS ?? 0) || undefined;
// Each run is a round trip through the router and up to six subgraphs: shrinking a failure would
// outlast the test, so the first failing request is reported as it was generated.
const SETTINGS = { endOnFailure: true } as const;
/** A longer hunt needs longer than the default test timeout. */
const TIMEOUT = RUNS ? 590_000 : undefined;

let platform: Platform;
let schema: GraphQLSchema;
let customerToken: string;
const outcomes = new Map<string, number>();

beforeAll(async () => {
  platform = await startPlatform({ products: 20 });
  const introspection = await platform.query<IntrospectionQuery>(getIntrospectionQuery());
  schema = buildClientSchema(introspection.data!);
  customerToken = (await newShopper(platform)).token;
});

afterAll(async () => {
  await platform?.stop();
  if (outcomes.size) console.log("router fuzz outcomes:", Object.fromEntries([...outcomes].sort(([a], [b]) => a.localeCompare(b))));
});

async function send(request: RawRequest): Promise<{ status: number; text: string; contentType: string }> {
  const response = await fetch(`${platform.router.url}${request.search}`, {
    method: request.method,
    headers: request.headers,
    body: request.body,
  });
  return { status: response.status, text: await response.text(), contentType: response.headers.get("content-type") ?? "" };
}

/** Fails with the request and the answer when the answer is not a client error with a stable code. */
function expectClientSafe(request: RawRequest, answer: { status: number; text: string; contentType: string }): void {
  const context = `request: ${JSON.stringify(request).slice(0, 2_000)}\nanswer (${answer.status}): ${answer.text.slice(0, 1_000)}`;
  expect(answer.status, context).toBeLessThan(500);
  let body: { data?: unknown; errors?: { message?: unknown; extensions?: { code?: unknown } }[] };
  try {
    body = JSON.parse(answer.text);
  } catch {
    throw new Error(`not JSON\n${context}`);
  }
  const codes = (body.errors ?? []).map((error) => error.extensions?.code);
  for (const code of codes) expect(CLIENT_CODES.has(code as string), `code ${String(code)}\n${context}`).toBe(true);
  const outcome = codes.length ? [...new Set(codes)].join("+") : "data";
  outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
}

const withAuth = (request: RawRequest, token: string | null): RawRequest =>
  token ? { ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } } : request;

describe("the router under fuzzed requests", () => {
  it(
    "answers generated documents (POST, anonymous and signed in) without INTERNAL or a 500",
    async () => {
      let executed = 0;
      await fc.assert(
        fc.asyncProperty(fuzzRequests(schema), fc.boolean(), async (request: FuzzRequest, signedIn) => {
          const raw = withAuth(asPost(request), signedIn ? customerToken : null);
          const answer = await send(raw);
          expectClientSafe(raw, answer);
          if (answer.status === 200) executed++;
        }),
        { ...SETTINGS, numRuns: RUNS ?? 300 },
      );
      // A grammar that never gets past validation would prove nothing about execution.
      expect(executed).toBeGreaterThan(0);
    },
    TIMEOUT,
  );

  it(
    "answers generated documents sent as GET without INTERNAL or a 500",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fuzzRequests(schema),
          fc.constantFrom("application/json", "application/graphql-response+json", "*/*"),
          async (request, accept) => {
            const raw = asGet(request, accept);
            expectClientSafe(raw, await send(raw));
          },
        ),
        { ...SETTINGS, numRuns: RUNS ?? 60 },
      );
    },
    TIMEOUT,
  );

  it(
    "answers malformed HTTP requests (bodies, content types, methods) with a client error",
    async () => {
      await fc.assert(
        fc.asyncProperty(malformedRequests, async (raw) => {
          expectClientSafe(raw, await send(raw));
        }),
        { ...SETTINGS, numRuns: RUNS ?? 150 },
      );
    },
    TIMEOUT,
  );
});
