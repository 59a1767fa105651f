import {
  createLogger,
  createRevocationList,
  createTokenVerifier,
  jwksFromUrl,
  type Logger,
  revocationFeedFromUrl,
  revocationsUrlFor,
  type RevocationList,
} from "@amazoff/kit";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { capturingLogger } from "@amazoff/kit/testing";
import { createTestKeys } from "../../test/support/tokens.ts";
import { FAKE_INTERNAL_SECRET, startFakeUsersServer, type FakeUsersServer } from "../../test/support/users-server.ts";
import { createApiKeyExchanger } from "./api-keys.ts";

const keys = createTestKeys();
const PARTNER_KEY = "ak_live_partner_0001";
let users: FakeUsersServer;
let clock: number;

function exchanger(
  options: {
    cacheTtlMs?: number;
    negativeCacheTtlMs?: number;
    internalSecret?: string;
    revocations?: RevocationList;
    logger?: Logger;
  } = {},
) {
  return createApiKeyExchanger({
    exchangeUrl: users.exchangeUrl,
    internalSecret: FAKE_INTERNAL_SECRET,
    verifier: createTokenVerifier(jwksFromUrl(users.jwksUrl)),
    logger: createLogger({ service: "test", level: "silent" }),
    now: () => clock,
    ...options,
  });
}

beforeAll(async () => {
  users = await startFakeUsersServer(keys);
});
afterAll(() => users.close());
beforeEach(() => {
  clock = Date.now();
  users.apiKeys.clear();
  users.apiKeys.set(PARTNER_KEY, { sub: "partner-1", role: "PARTNER", scope: "catalog:read", akid: "key-1" });
  users.failing = false;
  users.expiresIn = 60;
  users.counts.exchange = 0;
  users.revocations.length = 0;
});

describe("API key exchange", () => {
  it("exchanges a key for a verified token, then serves it from the cache", async () => {
    const apiKeys = exchanger();
    const first = await apiKeys.exchange(PARTNER_KEY);
    expect(first.viewer).toMatchObject({ userId: "partner-1", role: "PARTNER", via: "api-key", apiKeyId: "key-1" });
    expect(first.token.split(".")).toHaveLength(3);
    clock += 30_000;
    expect(await apiKeys.exchange(PARTNER_KEY)).toBe(first);
    expect(users.counts.exchange).toBe(1);
  });

  it("exchanges again when the cached token would not stay valid as long as asked", async () => {
    const apiKeys = exchanger();
    const first = await apiKeys.exchange(PARTNER_KEY);
    clock += 40_000;
    expect(await apiKeys.exchange(PARTNER_KEY, undefined, { minValidityMs: 10_000 })).toBe(first);
    expect(users.counts.exchange).toBe(1);
    const fresh = await apiKeys.exchange(PARTNER_KEY, undefined, { minValidityMs: 30_000 });
    expect(fresh).not.toBe(first);
    expect(users.counts.exchange).toBe(2);
  });

  it("shares one exchange among concurrent requests with the same key", async () => {
    const apiKeys = exchanger();
    const identities = await Promise.all(Array.from({ length: 10 }, () => apiKeys.exchange(PARTNER_KEY)));
    expect(new Set(identities.map((i) => i.token)).size).toBe(1);
    expect(users.counts.exchange).toBe(1);
  });

  it("asks again shortly before the token expires, so a revoked key stops working", async () => {
    const apiKeys = exchanger();
    await apiKeys.exchange(PARTNER_KEY);
    users.apiKeys.delete(PARTNER_KEY);
    clock += 54_000;
    await expect(apiKeys.exchange(PARTNER_KEY)).resolves.toBeDefined();
    clock += 2_000; // 56 s: within the 5 s margin before the 60 s expiry
    await expect(apiKeys.exchange(PARTNER_KEY)).rejects.toMatchObject({
      extensions: { code: "UNAUTHENTICATED" },
      message: "Invalid API key",
    });
    expect(users.counts.exchange).toBe(2);
  });

  it("keeps a success no longer than the configured TTL", async () => {
    const apiKeys = exchanger({ cacheTtlMs: 1_000 });
    await apiKeys.exchange(PARTNER_KEY);
    clock += 1_001;
    await apiKeys.exchange(PARTNER_KEY);
    expect(users.counts.exchange).toBe(2);
  });

  it("remembers a refused key briefly", async () => {
    const apiKeys = exchanger({ negativeCacheTtlMs: 5_000 });
    await expect(apiKeys.exchange("ak_wrong_key_000")).rejects.toThrow("Invalid API key");
    clock += 4_000;
    await expect(apiKeys.exchange("ak_wrong_key_000")).rejects.toThrow("Invalid API key");
    expect(users.counts.exchange).toBe(1);
    clock += 1_001;
    users.apiKeys.set("ak_wrong_key_000", { sub: "partner-2", role: "PARTNER", akid: "key-2" });
    await expect(apiKeys.exchange("ak_wrong_key_000")).resolves.toMatchObject({ viewer: { userId: "partner-2" } });
  });

  it("does not cache a failure to reach the users subgraph", async () => {
    const apiKeys = exchanger();
    users.failing = true;
    await expect(apiKeys.exchange(PARTNER_KEY)).rejects.toThrow("could not be checked");
    users.failing = false;
    await expect(apiKeys.exchange(PARTNER_KEY)).resolves.toBeDefined();
    expect(users.counts.exchange).toBe(2);
  });

  it("presents the internal secret and forwards the client's address (the exchange throttles per address)", async () => {
    await exchanger().exchange(PARTNER_KEY, "203.0.113.7");
    expect(users.lastExchange).toEqual({ forwardedFor: "203.0.113.7" });
  });

  it("treats a refused internal secret as an outage, not as an invalid key (nothing cached)", async () => {
    const { logger, lines } = capturingLogger("test", "error");
    const apiKeys = exchanger({ internalSecret: "not-the-internal-secret", logger });
    await expect(apiKeys.exchange(PARTNER_KEY)).rejects.toThrow("could not be checked");
    await expect(apiKeys.exchange(PARTNER_KEY)).rejects.toThrow("could not be checked");
    expect(users.counts.exchange).toBe(2);
    expect(lines.map((l) => l.msg)).toEqual(
      Array(2).fill("the API key exchange refused the internal secret (INTERNAL_API_SECRET differs)"),
    );
  });

  it("reads the answers through the exchange's contract: a body it does not allow is an outage (nothing cached)", async () => {
    const apiKeys = exchanger();
    users.expiresIn = 0;
    await expect(apiKeys.exchange(PARTNER_KEY)).rejects.toThrow("could not be checked");
    users.expiresIn = 60;
    await expect(apiKeys.exchange(PARTNER_KEY)).resolves.toBeDefined();
    expect(users.counts.exchange).toBe(2);
  });

  it("refuses a cached key as soon as the revocation feed names it", async () => {
    const revocations = createRevocationList({
      source: revocationFeedFromUrl(revocationsUrlFor(users.jwksUrl), FAKE_INTERNAL_SECRET),
      log: createLogger({ service: "test", level: "silent" }),
      autoStart: false,
    });
    const apiKeys = exchanger({ revocations });
    await revocations.sync();
    await expect(apiKeys.exchange(PARTNER_KEY)).resolves.toBeDefined();
    users.revoke("apiKey", "key-1");
    await revocations.sync();
    await expect(apiKeys.exchange(PARTNER_KEY)).rejects.toMatchObject({
      message: "This API key was revoked",
      extensions: { code: "UNAUTHENTICATED" },
    });
    expect(users.counts.exchange).toBe(1);
  });

  it("refuses a minted token that does not verify, or that is not an API key's", async () => {
    const apiKeys = exchanger();
    users.signingKey = createTestKeys("rogue");
    await expect(apiKeys.exchange(PARTNER_KEY)).rejects.toThrow("could not be checked");
    users.signingKey = keys;
    users.apiKeys.set("ak_session_like_1", { sub: "u", role: "PARTNER" });
    await expect(apiKeys.exchange("ak_session_like_1")).rejects.toThrow("could not be checked");
  });
});
