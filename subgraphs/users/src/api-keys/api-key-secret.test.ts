import { describe, expect, it } from "vitest";
import { apiKeyFromSeed, apiKeyMatches, apiKeyPrefix, generateApiKey, hashApiKey } from "./api-key-secret.ts";

describe("API key secrets", () => {
  it("look like amz_<8 chars>_<43 chars> and are unique", () => {
    const keys = Array.from({ length: 200 }, generateApiKey);
    for (const { key, prefix, secretHash } of keys) {
      expect(key).toMatch(/^amz_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
      expect(apiKeyPrefix(key)).toBe(prefix);
      expect(secretHash).toBe(hashApiKey(key));
    }
    expect(new Set(keys.map((k) => k.key)).size).toBe(200);
  });

  it("match only their own hash", () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(apiKeyMatches(a.key, a.secretHash)).toBe(true);
    expect(apiKeyMatches(a.key, b.secretHash)).toBe(false);
    expect(apiKeyMatches(a.key, "not hex")).toBe(false);
  });

  it("parse only well-formed keys", () => {
    for (const bad of ["", "amz__x", `amz_ABCDEFGH_${"a".repeat(43)}`, `amz_abcdefgh_${"a".repeat(42)}`, `xamz_abcdefgh_${"a".repeat(43)}`])
      expect(apiKeyPrefix(bad)).toBeNull();
  });

  it("derive deterministically from a seed", () => {
    const seed = Buffer.alloc(64, 7);
    expect(apiKeyFromSeed(seed)).toEqual(apiKeyFromSeed(seed));
    expect(apiKeyFromSeed(seed).key).toMatch(/^amz_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
  });
});
