import { createLogger, createRevocationList, createTokenVerifier } from "@amazoff/kit";
import { describe, expect, it, vi } from "vitest";
import { createTestKeys, signAccessToken } from "../../test/support/tokens.ts";
import type { ApiKeyExchanger } from "./api-keys.ts";
import { AuthenticationError, createAuthenticator } from "./authenticate.ts";

const keys = createTestKeys();
const verifier = createTokenVerifier(async () => [keys.jwk]);
const apiKeys: ApiKeyExchanger = {
  exchange: vi.fn(async (key: string) => {
    if (key !== "ak_good_key_123") throw new AuthenticationError("Invalid API key");
    return {
      token: "minted",
      viewer: { userId: "p1", role: "PARTNER" as const, scopes: new Set<string>(), via: "api-key" as const, tokenId: "j" },
    };
  }),
};

describe("authenticating a request", () => {
  const authenticator = createAuthenticator({ verifier, apiKeys });

  it("is anonymous without credentials", async () => {
    expect(await authenticator.authenticate({})).toEqual({ viewer: null, token: null });
  });

  it("verifies a Bearer token and keeps it for the subgraphs", async () => {
    const token = signAccessToken(keys, { sub: "u-42", role: "EMPLOYEE", scope: "catalog:write" });
    const auth = await authenticator.authenticate({ authorization: `Bearer ${token}` });
    expect(auth.token).toBe(token);
    expect(auth.viewer).toMatchObject({ userId: "u-42", role: "EMPLOYEE", via: "session" });
    expect([...auth.viewer!.scopes]).toEqual(["catalog:write"]);
  });

  it.each([
    ["a malformed header", "Token abc"],
    ["garbage", "Bearer not-a-jwt"],
    ["an expired token", `Bearer ${signAccessToken(keys, {}, { expiresInSeconds: -60 })}`],
    ["a token signed by another key", `Bearer ${signAccessToken(createTestKeys(), {})}`],
  ])("refuses %s with 401 UNAUTHENTICATED", async (_name, authorization) => {
    const error = await authenticator.authenticate({ authorization }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, extensions: { code: "UNAUTHENTICATED" } });
  });

  it("exchanges an x-api-key", async () => {
    expect(await authenticator.authenticate({ "x-api-key": "ak_good_key_123" })).toMatchObject({
      token: "minted",
      viewer: { userId: "p1" },
    });
    await expect(authenticator.authenticate({ "x-api-key": "ak_bad_key_1234" })).rejects.toMatchObject({ status: 401 });
  });

  it("refuses a key that cannot be one without asking the users subgraph", async () => {
    vi.mocked(apiKeys.exchange).mockClear();
    await expect(authenticator.authenticate({ "x-api-key": "short" })).rejects.toMatchObject({ status: 401 });
    await expect(authenticator.authenticate({ "x-api-key": "" })).rejects.toMatchObject({ status: 401 });
    expect(apiKeys.exchange).not.toHaveBeenCalled();
  });

  it("refuses both credentials at once with 400", async () => {
    const token = signAccessToken(keys);
    await expect(authenticator.authenticate({ authorization: `Bearer ${token}`, "x-api-key": "ak_good_key_123" })).rejects.toMatchObject({
      status: 400,
      extensions: { code: "UNAUTHENTICATED" },
    });
  });

  it("without a verifier (no JWKS configured), refuses every credential but serves anonymous requests", async () => {
    const generic = createAuthenticator({});
    expect(await generic.authenticate({})).toEqual({ viewer: null, token: null });
    await expect(generic.authenticate({ authorization: `Bearer ${signAccessToken(keys)}` })).rejects.toThrow(
      "does not accept access tokens",
    );
    await expect(generic.authenticate({ "x-api-key": "ak_good_key_123" })).rejects.toThrow("does not accept API keys");
  });

  it("rechecks a viewer authenticated earlier against the revocations it has learnt since", async () => {
    const feed = { revocations: [] as { kind: "session"; id: string; revokedAt: string }[] };
    const revocations = createRevocationList({
      source: async () => ({ cursor: "c", revocations: feed.revocations }),
      log: createLogger({ service: "test", level: "silent" }),
      autoStart: false,
    });
    const withRevocations = createAuthenticator({ verifier, revocations });
    const { viewer } = await withRevocations.authenticate({ authorization: `Bearer ${signAccessToken(keys, { sid: "s-9" })}` });
    await revocations.sync();
    expect(() => withRevocations.recheck(viewer!)).not.toThrow();
    feed.revocations.push({ kind: "session", id: "s-9", revokedAt: new Date().toISOString() });
    await revocations.sync();
    expect(() => withRevocations.recheck(viewer!)).toThrow(expect.objectContaining({ extensions: { code: "UNAUTHENTICATED" } }));
  });
});
