import { createTokenVerifier, type TokenVerifier } from "@amazoff/kit";
import { describe, expect, it, vi } from "vitest";
import { createTestKeys, signAccessToken } from "../../test/support/tokens.ts";
import { rememberVerifiedTokens } from "./verified-tokens.ts";

const keys = createTestKeys();

function counting(): TokenVerifier & { calls: number } {
  const inner = createTokenVerifier(async () => [keys.jwk]);
  const counter = {
    calls: 0,
    verify: (token: string) => {
      counter.calls++;
      return inner.verify(token);
    },
  };
  return counter;
}

describe("rememberVerifiedTokens", () => {
  it("verifies a token once, then answers from memory until it expires", async () => {
    let clock = Date.now();
    const inner = counting();
    const verifier = rememberVerifiedTokens(inner, { now: () => clock });
    const token = signAccessToken(keys, { sub: "u1" }, { expiresInSeconds: 60 });
    const first = await verifier.verify(token);
    expect(await verifier.verify(token)).toBe(first);
    expect(inner.calls).toBe(1);
    clock += 61_000;
    await verifier.verify(token).catch(() => {});
    expect(inner.calls).toBe(2);
  });

  it("never remembers a refused token", async () => {
    const inner = counting();
    const verifier = rememberVerifiedTokens(inner);
    const forged = `${signAccessToken(keys).slice(0, -4)}AAAA`;
    await expect(verifier.verify(forged)).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
    await expect(verifier.verify(forged)).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
    expect(inner.calls).toBe(2);
  });

  it("stays within its size", async () => {
    const inner = {
      verify: vi.fn(async () => ({
        userId: "u",
        role: "CUSTOMER" as const,
        scopes: new Set<string>(),
        via: "session" as const,
        tokenId: "t",
      })),
    };
    const verifier = rememberVerifiedTokens(inner, { maxEntries: 10 });
    const tokens = Array.from({ length: 25 }, (_, i) => signAccessToken(keys, { sub: `u${i}` }));
    for (const token of tokens) await verifier.verify(token);
    inner.verify.mockClear();
    await verifier.verify(tokens[24]!);
    expect(inner.verify).not.toHaveBeenCalled();
    await verifier.verify(tokens[0]!);
    expect(inner.verify).toHaveBeenCalledTimes(1);
  });
});
