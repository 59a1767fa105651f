import { mkdtemp, rename, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createLogger } from "@amazoff/kit";
import { errorCodes, eventually, graphqlClient, type GraphQLClient } from "@amazoff/kit/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startRouter, type RunningRouter } from "../src/server.ts";
import { composeSupergraph } from "./support/compose.ts";
import { startFixtureSubgraphs, type FixtureSubgraphs } from "./support/fixture-subgraphs.ts";
import { startRecordingProxy, type RecordingProxy } from "./support/recording-proxy.ts";
import { ACCOUNTS_SDL, SHOP_SDL } from "./support/schemas.ts";
import { createTestKeys, signAccessToken } from "./support/tokens.ts";
import { FAKE_INTERNAL_SECRET, startFakeUsersServer, type FakeUsersServer } from "./support/users-server.ts";

const keys = createTestKeys();
const PARTNER_KEY = "ak_test_partner_key_1";
const API_KEY_TTL_MS = 2_500;

let users: FakeUsersServer;
let subgraphs: FixtureSubgraphs;
let shopProxy: RecordingProxy;
let accountsProxy: RecordingProxy;
let router: RunningRouter;
let supergraphFile: string;
let query: GraphQLClient;

const customerToken = signAccessToken(keys, { sub: "customer-1", role: "CUSTOMER", scope: "catalog:read orders:read:own users:read:own" });
const staffToken = signAccessToken(keys, {
  sub: "employee-1",
  role: "EMPLOYEE",
  scope: "catalog:read catalog:write inventory:read users:read:own",
});
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const subgraphCalls = () => shopProxy.requests.length + accountsProxy.requests.length;
/** A raw POST, for bodies the test client does not send (operationName). */
const post = (body: Record<string, unknown>) =>
  fetch(router.url.replace("localhost", "127.0.0.1"), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
const paths = (response: { errors?: { path?: unknown[]; extensions?: Record<string, unknown> }[] }) =>
  (response.errors ?? []).map((e) => `${(e.path ?? []).join(".")} ${String(e.extensions?.code)}`);

function supergraph(shopSdl = SHOP_SDL): string {
  return composeSupergraph({ shop: { sdl: shopSdl, url: shopProxy.url }, accounts: { sdl: ACCOUNTS_SDL, url: accountsProxy.url } });
}

async function replaceSupergraph(contents: string) {
  await writeFile(`${supergraphFile}.next`, contents);
  await rename(`${supergraphFile}.next`, supergraphFile);
}

beforeAll(async () => {
  users = await startFakeUsersServer(keys);
  users.apiKeys.set(PARTNER_KEY, { sub: "partner-1", role: "PARTNER", scope: "catalog:read", akid: "key-1" });
  subgraphs = await startFixtureSubgraphs(users.jwksUrl);
  shopProxy = await startRecordingProxy(subgraphs.shop.url);
  accountsProxy = await startRecordingProxy(subgraphs.accounts.url);
  supergraphFile = path.join(await mkdtemp(path.join(os.tmpdir(), "amazoff-auth-")), "supergraph.graphql");
  await writeFile(supergraphFile, supergraph());
  router = await startRouter({
    supergraphPath: supergraphFile,
    port: 0,
    host: "127.0.0.1",
    logger: createLogger({ service: "router", level: "silent" }),
    auth: {
      jwksUrl: users.jwksUrl,
      apiKeyExchangeUrl: users.exchangeUrl,
      internalSecret: FAKE_INTERNAL_SECRET,
      apiKeyCacheTtlMs: API_KEY_TTL_MS,
      apiKeyNegativeCacheTtlMs: 5_000,
      revocationsPollIntervalMs: 200,
    },
  });
  query = graphqlClient(router.url.replace("localhost", "127.0.0.1"));
});

afterAll(async () => {
  await router?.stop();
  await subgraphs?.stop();
  await shopProxy?.close();
  await accountsProxy?.close();
  await users?.close();
});

beforeEach(() => {
  shopProxy.requests.length = 0;
  accountsProxy.requests.length = 0;
});

const MIXED = `{
  publicNote
  staffNote
  whoami
  products { name cost }
  product(id: "1") { name supplier { name } reviewCount }
}`;

describe("authorization by role", () => {
  it("serves anonymous callers the public part, with UNAUTHENTICATED nulls for the rest", async () => {
    const response = await query(MIXED);
    expect(response.status).toBe(200);
    expect(response.data).toEqual({
      publicNote: "public",
      staffNote: null,
      whoami: "anonymous",
      products: [
        { name: "Lamp", cost: null },
        { name: "Desk", cost: null },
      ],
      product: { name: "Lamp", supplier: null, reviewCount: null },
    });
    expect(paths(response)).toEqual([
      "staffNote UNAUTHENTICATED",
      "products.0.cost UNAUTHENTICATED",
      "products.1.cost UNAUTHENTICATED",
      "product.supplier UNAUTHENTICATED",
      "product.reviewCount UNAUTHENTICATED",
    ]);
  });

  it("serves customers what their role allows, with FORBIDDEN nulls for the rest", async () => {
    const response = await query(MIXED, {}, bearer(customerToken));
    expect(response.status).toBe(200);
    expect(response.data).toMatchObject({
      publicNote: "public",
      staffNote: null,
      whoami: "customer-1",
      product: { supplier: null, reviewCount: 3 },
    });
    expect(paths(response)).toEqual([
      "staffNote FORBIDDEN",
      "products.0.cost FORBIDDEN",
      "products.1.cost FORBIDDEN",
      "product.supplier FORBIDDEN",
    ]);
  });

  it("serves staff everything", async () => {
    const response = await query(MIXED, {}, bearer(staffToken));
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({
      publicNote: "public",
      staffNote: "staff only",
      whoami: "employee-1",
      products: [
        { name: "Lamp", cost: 400 },
        { name: "Desk", cost: 5000 },
      ],
      product: { name: "Lamp", supplier: { name: "Acme" }, reviewCount: 3 },
    });
  });

  it("propagates a denied non-null field to the nearest nullable parent", async () => {
    const response = await query(`{ publicNote product(id: "1") { name margin } }`, {}, bearer(customerToken));
    expect(response.data).toEqual({ publicNote: "public", product: null });
    expect(paths(response)).toEqual(["product.margin FORBIDDEN"]);
  });

  it("filters per type in unions and interfaces", async () => {
    const response = await query(
      `{ search(text: "a") { ... on Product { name } ... on Supplier { name } } feed { title ... on Memo { body } } }`,
      {},
      bearer(customerToken),
    );
    expect(response.data).toEqual({ search: [{ name: "Lamp" }, null], feed: [{ title: "Hello" }, { title: "Q3", body: null }] });
    expect(paths(response)).toEqual(["search.1.name FORBIDDEN", "feed.1.body FORBIDDEN"]);
  });

  it("does not run a denied mutation", async () => {
    const before = subgraphs.restocks;
    // The denied field is the only user of its variables: the filtered operation still runs.
    const response = await query(
      `mutation ($id: ID!, $n: Int!) { ping restock(id: $id, quantity: $n) { id } }`,
      { id: "1", n: 2 },
      bearer(customerToken),
    );
    expect(response.data).toEqual({ ping: "pong", restock: null });
    expect(errorCodes(response)).toEqual(["FORBIDDEN"]);
    expect(subgraphs.restocks).toBe(before);
    await query(`mutation { restock(id: "1", quantity: 2) { id } }`, {}, bearer(staffToken));
    expect(subgraphs.restocks).toBe(before + 1);
  });

  it("does not call the subgraph that only denied fields would need", async () => {
    await query(`{ product(id: "1") { name reviewCount } }`);
    expect(shopProxy.requests.length).toBe(1);
    expect(accountsProxy.requests.length).toBe(0);
  });
});

describe("an operation with nothing authorized in it", () => {
  it("is refused with 401 for anonymous callers, and no subgraph is called", async () => {
    const response = await query(`{ staffNote me { id } }`);
    expect(response.status).toBe(401);
    expect(response.data).toBeUndefined();
    expect(paths(response)).toEqual(["staffNote UNAUTHENTICATED", "me UNAUTHENTICATED"]);
    expect(subgraphCalls()).toBe(0);
  });

  it("is refused with 403 for signed-in callers", async () => {
    const response = await query(`{ staffNote product(id: "1") { margin } }`, {}, bearer(customerToken));
    expect(response.status).toBe(403);
    expect(errorCodes(response)).toEqual(["FORBIDDEN", "FORBIDDEN"]);
    expect(subgraphCalls()).toBe(0);
  });
});

describe("documents whose operation cannot be chosen", () => {
  it.each([
    [
      "two operations and no operationName",
      `query A { publicNote } query B { whoami }`,
      undefined,
      "Must provide operation name if query contains multiple operations.",
    ],
    ["an unknown operationName", `query A { publicNote } query B { whoami }`, "C", 'Unknown operation named "C".'],
    ["an operationName that names no operation of a one-operation document", `{ publicNote }`, "A", 'Unknown operation named "A".'],
  ])("answers %s with 400 and GraphQL's own error, calling no subgraph", async (_case, document, operationName, message) => {
    const response = await post({ query: document, operationName });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors).toEqual([{ message, extensions: { code: "OPERATION_RESOLUTION_FAILURE" } }]);
    expect(subgraphCalls()).toBe(0);
  });
});

describe("documents with several operations", () => {
  it("runs the chosen one even when another one's fragment uses variables it does not define", async () => {
    const response = await post({
      query: `query A { publicNote } query B($id: ID!) { ...F } fragment F on Query { product(id: $id) { name } }`,
      operationName: "A",
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { publicNote: "public" } });
  });
});

describe("reserved aliases", () => {
  it("refuses an alias __typename on another field with a validation error, calling no subgraph", async () => {
    const response = await query(`{ products { __typename: name } }`);
    expect(response.status).toBe(400);
    expect(errorCodes(response)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
    expect(subgraphCalls()).toBe(0);
  });
});

describe("identity forwarding", () => {
  it("forwards the caller's token to every subgraph it calls, and nothing to anonymous requests", async () => {
    await query(`{ whoami publicNote }`, {}, bearer(customerToken));
    expect(shopProxy.requests.map((h) => h.authorization)).toEqual([`Bearer ${customerToken}`]);
    expect(accountsProxy.requests.map((h) => h.authorization)).toEqual([`Bearer ${customerToken}`]);
    shopProxy.requests.length = 0;
    await query(`{ publicNote }`);
    expect(shopProxy.requests[0]!.authorization).toBeUndefined();
  });
});

describe("invalid credentials", () => {
  it.each([
    ["garbage", { authorization: "Bearer garbage" }],
    ["a malformed header", { authorization: "Basic dXNlcjpwYXNz" }],
    ["an expired token", bearer(signAccessToken(keys, { sub: "x" }, { expiresInSeconds: -120 }))],
    ["a token signed with an unknown key", bearer(signAccessToken(createTestKeys(), { sub: "x" }))],
    [
      "a tampered token",
      bearer(
        customerToken.replace(
          /\.([^.]+)\./,
          (_m, p: string) =>
            `.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, "base64url").toString()), role: "ADMIN" })).toString("base64url")}.`,
        ),
      ),
    ],
  ])("refuses %s with 401 UNAUTHENTICATED before any subgraph call", async (_name, headers) => {
    const response = await query(`{ publicNote }`, {}, headers);
    expect(response.status).toBe(401);
    expect(errorCodes(response)).toEqual(["UNAUTHENTICATED"]);
    expect(response.headers.get("www-authenticate")).toContain("Bearer");
    expect(subgraphCalls()).toBe(0);
  });

  it("refuses an Authorization header and an x-api-key together with 400", async () => {
    const response = await query(`{ publicNote }`, {}, { ...bearer(customerToken), "x-api-key": PARTNER_KEY });
    expect(response.status).toBe(400);
    expect(errorCodes(response)).toEqual(["UNAUTHENTICATED"]);
    expect(subgraphCalls()).toBe(0);
  });
});

describe("revoked credentials", () => {
  /** Refused with 401 before any subgraph is called, once the revocation has reached the router. */
  const refusedSoon = (headers: Record<string, string>) =>
    eventually(
      async () => {
        const calls = subgraphCalls();
        const response = await query(`{ whoami }`, {}, headers);
        expect(response.status).toBe(401);
        expect(errorCodes(response)).toEqual(["UNAUTHENTICATED"]);
        expect(subgraphCalls()).toBe(calls);
      },
      { timeoutMs: 5_000 },
    );

  it("refuses a token of an ended session (logout, refresh-token reuse), even one it verified before", async () => {
    const token = signAccessToken(keys, { sub: "customer-7", role: "CUSTOMER", scope: "catalog:read", sid: "session-to-end" });
    const other = signAccessToken(keys, { sub: "customer-7", role: "CUSTOMER", scope: "catalog:read", sid: "session-kept" });
    expect((await query(`{ whoami }`, {}, bearer(token))).data).toEqual({ whoami: "customer-7" });
    users.revoke("session", "session-to-end");
    await refusedSoon(bearer(token));
    expect((await query(`{ whoami }`, {}, bearer(other))).data).toEqual({ whoami: "customer-7" });
  });

  it("refuses every token of an erased account", async () => {
    const tokens = ["s-a", "s-b"].map((sid) => signAccessToken(keys, { sub: "customer-erased", role: "CUSTOMER", sid }));
    expect((await query(`{ whoami }`, {}, bearer(tokens[0]!))).data).toEqual({ whoami: "customer-erased" });
    users.revoke("user", "customer-erased");
    for (const token of tokens) await refusedSoon(bearer(token));
  });

  it("refuses a revoked API key at once, though its exchange is still cached", async () => {
    users.apiKeys.set("ak_test_key_to_revoke", { sub: "partner-3", role: "PARTNER", akid: "key-3" });
    expect((await query(`{ whoami }`, {}, { "x-api-key": "ak_test_key_to_revoke" })).data).toEqual({ whoami: "partner-3" });
    users.revoke("apiKey", "key-3");
    await refusedSoon({ "x-api-key": "ak_test_key_to_revoke" });
  });
});

describe("API keys", () => {
  it("exchanges the key once, forwards the minted token, and applies the partner's rights", async () => {
    const exchanges = users.counts.exchange;
    for (let i = 0; i < 3; i++) {
      const response = await query(`{ whoami partnerNote }`, {}, { "x-api-key": PARTNER_KEY });
      expect(response.data).toEqual({ whoami: "partner-1", partnerNote: null });
      // partnerNote needs admin, or partner AND a user session: not an API key.
      expect(errorCodes(response)).toEqual(["FORBIDDEN"]);
    }
    await Promise.all(Array.from({ length: 5 }, () => query(`{ whoami }`, {}, { "x-api-key": PARTNER_KEY })));
    expect(users.counts.exchange - exchanges).toBeLessThanOrEqual(1);
    const forwarded = shopProxy.requests.concat(accountsProxy.requests);
    expect(forwarded.every((h) => h["x-api-key"] === undefined && /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/.test(String(h.authorization)))).toBe(
      true,
    );
  });

  it("stops accepting a revoked key once the cached exchange expires", async () => {
    users.apiKeys.set("ak_test_revoked_key", { sub: "partner-2", role: "PARTNER", akid: "key-2" });
    expect((await query(`{ whoami }`, {}, { "x-api-key": "ak_test_revoked_key" })).data).toEqual({ whoami: "partner-2" });
    users.apiKeys.delete("ak_test_revoked_key");
    // Still cached:
    expect((await query(`{ whoami }`, {}, { "x-api-key": "ak_test_revoked_key" })).data).toEqual({ whoami: "partner-2" });
    await new Promise((resolve) => setTimeout(resolve, API_KEY_TTL_MS + 100));
    const refused = await query(`{ whoami }`, {}, { "x-api-key": "ak_test_revoked_key" });
    expect(refused.status).toBe(401);
    expect(errorCodes(refused)).toEqual(["UNAUTHENTICATED"]);
  });

  it("refuses an unknown key with 401, and remembers the refusal briefly", async () => {
    const exchanges = users.counts.exchange;
    for (let i = 0; i < 3; i++) {
      const response = await query(`{ publicNote }`, {}, { "x-api-key": "ak_test_unknown_key" });
      expect(response.status).toBe(401);
    }
    expect(users.counts.exchange - exchanges).toBe(1);
    expect(subgraphCalls()).toBe(0);
  });
});

describe("hot reload", () => {
  it("rebuilds the authorization index with the supergraph, and keeps both when the new file is invalid", async () => {
    await replaceSupergraph(supergraph(SHOP_SDL.replace("publicNote: String", "publicNote: String @authenticated")));
    await eventually(async () => {
      const response = await query(`{ publicNote whoami }`);
      expect(paths(response)).toEqual(["publicNote UNAUTHENTICATED"]);
    });
    await replaceSupergraph("this is not a supergraph {");
    // The watcher debounces by 100 ms; give it ample time to see (and reject) the file.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const response = await query(`{ publicNote whoami }`);
    expect(paths(response)).toEqual(["publicNote UNAUTHENTICATED"]);
    expect((await fetch(router.url.replace("/graphql", "/health"))).status).toBe(200);
    await replaceSupergraph(supergraph());
    await eventually(async () => expect((await query(`{ publicNote }`)).data).toEqual({ publicNote: "public" }));
  });
});
