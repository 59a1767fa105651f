import { createTokenVerifier, internalAuthorization, jwksFromUrl } from "@amazoff/kit";
import { errorCodes } from "@amazoff/kit/testing";
import jwt from "jsonwebtoken";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashApiKey } from "../src/api-keys/api-key-secret.ts";
import { createTestServer, freshAddress, TEST_INTERNAL_SECRET, type SignedIn, type TestUser, type UsersTestServer } from "./test-server.ts";

let server: UsersTestServer;
let admin: SignedIn;
let partner: TestUser;
beforeAll(async () => {
  server = await createTestServer();
  admin = await server.signIn({ role: "ADMIN" });
  partner = await server.createUser({ role: "PARTNER" });
});
afterAll(() => server?.stop());

const CREATE = /* GraphQL */ `
  mutation($p: ID!, $name: String!, $scopes: [String!]!, $expiresAt: DateTime) {
    createApiKey(partnerId: $p, name: $name, scopes: $scopes, expiresAt: $expiresAt) {
      secret apiKey { id name prefix scopes createdAt lastUsedAt expiresAt revokedAt partner { id } }
    }
  }
`;
const LIST = `query($p: ID!, $all: Boolean) { apiKeys(partnerId: $p, first: 100, includeRevoked: $all) { totalCount edges { node { id prefix revokedAt lastUsedAt } } } }`;

async function createKey(variables: Record<string, unknown> = {}) {
  const response = await admin.query(CREATE, {
    p: partner.id,
    name: "Warehouse sync",
    scopes: ["catalog:read", "inventory:read"],
    ...variables,
  });
  expect(response.errors).toBeUndefined();
  return response.data!.createApiKey as { secret: string; apiKey: { id: string; prefix: string; scopes: string[] } };
}

function exchange(body: unknown, init: { address?: string; contentType?: string; method?: string; authorization?: string | null } = {}) {
  return fetch(`${server.origin}/internal/api-keys/exchange`, {
    method: init.method ?? "POST",
    headers: {
      "content-type": init.contentType ?? "application/json",
      "x-forwarded-for": init.address ?? freshAddress(),
      ...(init.authorization === null ? {} : { authorization: init.authorization ?? internalAuthorization(TEST_INTERNAL_SECRET) }),
    },
    body: init.method === "GET" ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}

describe("createApiKey", () => {
  it("returns the secret once; only its hash and prefix are stored, listings never show it", async () => {
    const { secret, apiKey } = await createKey();
    expect(secret).toMatch(/^amz_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    expect(secret.slice(4, 12)).toBe(apiKey.prefix);
    expect(apiKey).toMatchObject({
      name: "Warehouse sync",
      scopes: ["catalog:read", "inventory:read"],
      lastUsedAt: null,
      revokedAt: null,
      partner: { id: partner.id },
    });
    const row = await server.db.prisma.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(row.secretHash).toBe(hashApiKey(secret));
    expect(JSON.stringify(row)).not.toContain(secret.slice(13));
    const listed = await admin.query(LIST, { p: partner.id });
    expect(JSON.stringify(listed.data)).not.toContain(secret.slice(13));
    expect(listed.data!.apiKeys.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(apiKey.id);
  });

  it.each([
    [{ scopes: [] }, "scopes"],
    [{ scopes: ["users:admin"] }, "scopes"],
    [{ scopes: ["catalog:read", "catalog:write"] }, "scopes"],
    [{ name: "" }, "name"],
    [{ name: "n".repeat(101) }, "name"],
    [{ expiresAt: "2000-01-01T00:00:00Z" }, "expiresAt"],
    [{ expiresAt: "2999-01-01T00:00:00Z" }, "expiresAt"],
    [{ p: "not-an-id" }, "partnerId"],
  ])("refuses %j with BAD_USER_INPUT naming %s", async (override, field) => {
    const before = await server.db.prisma.apiKey.count();
    const response = await admin.query(CREATE, { p: partner.id, name: "k", scopes: ["catalog:read"], ...override });
    expect(errorCodes(response)).toEqual(["BAD_USER_INPUT"]);
    expect(response.errors![0]!.extensions!.field).toBe(field);
    expect(await server.db.prisma.apiKey.count()).toBe(before);
  });

  it("refuses keys for accounts that are not partners, and for unknown ones", async () => {
    const customer = await server.createUser();
    expect(errorCodes(await admin.query(CREATE, { p: customer.id, name: "k", scopes: ["catalog:read"] }))).toEqual(["BAD_USER_INPUT"]);
    expect(
      errorCodes(await admin.query(CREATE, { p: "00000000-0000-4000-8000-000000000000", name: "k", scopes: ["catalog:read"] })),
    ).toEqual(["NOT_FOUND"]);
  });
});

describe("POST /internal/api-keys/exchange", () => {
  it("mints a 60-second RS256 token for the partner with role PARTNER, akid and only the key's scopes", async () => {
    const { secret, apiKey } = await createKey({ scopes: ["inventory:read"] });
    const response = await exchange({ apiKey: secret });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as { accessToken: string; expiresIn: number };
    expect(Object.keys(body).sort()).toEqual(["accessToken", "expiresIn"]);
    expect(body.expiresIn).toBe(60);
    const claims = jwt.decode(body.accessToken) as Record<string, unknown>;
    expect(claims).toMatchObject({ sub: partner.id, role: "PARTNER", scope: "inventory:read", akid: apiKey.id });
    expect(claims).not.toHaveProperty("sid");
    expect((claims.exp as number) - (claims.iat as number)).toBe(60);
    const viewer = await createTokenVerifier(jwksFromUrl(`${server.origin}/.well-known/jwks.json`)).verify(body.accessToken);
    expect(viewer).toMatchObject({ userId: partner.id, role: "PARTNER", via: "api-key", apiKeyId: apiKey.id });
    expect([...viewer.scopes]).toEqual(["inventory:read"]);
  });

  it("records lastUsedAt, at most once a minute", async () => {
    const { secret, apiKey } = await createKey();
    await exchange({ apiKey: secret });
    const first = (await server.db.prisma.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).lastUsedAt;
    expect(first).toBeInstanceOf(Date);
    await exchange({ apiKey: secret });
    expect((await server.db.prisma.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).lastUsedAt).toEqual(first);
  });

  it("refuses revoked keys at once (401 invalid_api_key); revoking is idempotent", async () => {
    const { secret, apiKey } = await createKey();
    expect((await exchange({ apiKey: secret })).status).toBe(200);
    const revoked = await admin.query(`mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`, { id: apiKey.id });
    expect(revoked.data!.revokeApiKey.revokedAt).toBeTruthy();
    const again = await admin.query(`mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id: apiKey.id });
    expect(again.data!.revokeApiKey.revokedAt).toBe(revoked.data!.revokeApiKey.revokedAt);
    const response = await exchange({ apiKey: secret });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "invalid_api_key" });
    const active = await admin.query(LIST, { p: partner.id, all: false });
    expect(active.data!.apiKeys.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(apiKey.id);
  });

  it("refuses expired keys", async () => {
    const { secret, apiKey } = await createKey({ expiresAt: new Date(Date.now() + 60_000).toISOString() });
    await server.db.prisma.apiKey.update({ where: { id: apiKey.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await exchange({ apiKey: secret })).status).toBe(401);
  });

  it("refuses unknown keys, right prefixes with wrong secrets, and garbage alike", async () => {
    const { secret } = await createKey();
    const wrongSecret = `${secret.slice(0, 13)}${"A".repeat(43)}`;
    for (const apiKey of [wrongSecret, `amz_zzzzzzzz_${"B".repeat(43)}`, "garbage", "", "x".repeat(3000)]) {
      const response = await exchange({ apiKey });
      expect(response.status, apiKey.slice(0, 20)).toBe(401);
      expect(await response.json()).toEqual({ error: "invalid_api_key" });
    }
  });

  it("is an internal endpoint: without the internal secret it answers 401 and exchanges nothing", async () => {
    const { secret } = await createKey();
    for (const authorization of [null, "Internal wrong-secret-0123456789", `Bearer ${secret}`, TEST_INTERNAL_SECRET]) {
      const response = await exchange({ apiKey: secret }, { authorization });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: "unauthorized", message: "internal endpoint" });
    }
    expect((await exchange({ apiKey: secret })).status).toBe(200);
  });

  it("answers malformed requests with 4xx, never 5xx", async () => {
    const cases: [unknown, { contentType?: string; method?: string }, number][] = [
      ["{not json", {}, 400],
      [{ key: "x" }, {}, 400],
      [{ apiKey: 42 }, {}, 400],
      [[1, 2], {}, 400],
      ["null", {}, 400],
      [{ apiKey: "x" }, { contentType: "text/plain" }, 415],
      [{ apiKey: "x".repeat(10_000) }, {}, 413],
      [undefined, { method: "GET" }, 405],
    ];
    for (const [body, init, status] of cases) expect((await exchange(body, init)).status).toBe(status);
  });

  it("slows down and then refuses repeated failures for one key prefix (429 with Retry-After)", async () => {
    const { secret } = await createKey();
    const wrong = `${secret.slice(0, 13)}${"C".repeat(43)}`;
    let status = 0;
    for (let i = 0; i < 10 && status !== 429; i += 1) status = (await exchange({ apiKey: wrong })).status;
    expect(status).toBe(429);
    const refused = await exchange({ apiKey: secret });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ error: "rate_limited", retryAfterSeconds: expect.any(Number) });
    await server.endThrottleWaits();
    expect((await exchange({ apiKey: secret })).status).toBe(200);
  });

  it("slows down one client address trying many random keys", async () => {
    const address = freshAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 25; i += 1)
      statuses.push((await exchange({ apiKey: `amz_${String(i).padStart(8, "q")}_${"D".repeat(43)}` }, { address })).status);
    expect(statuses).toContain(429);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
  });

  it("keeps at most 20 active keys per partner (CONFLICT)", async () => {
    const other = await server.createUser({ role: "PARTNER" });
    const results = await Promise.all(
      Array.from({ length: 23 }, () => admin.query(CREATE, { p: other.id, name: "k", scopes: ["catalog:read"] })),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(20);
    expect(new Set(results.flatMap(errorCodes))).toEqual(new Set(["CONFLICT"]));
  });
});
