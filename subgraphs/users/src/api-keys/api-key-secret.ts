import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";

/**
 * API keys look like `amz_<prefix>_<secret>`: `amz_` says what it is (secret scanners can match
 * it), the prefix (8 of [a-z0-9], no underscore so the format parses unambiguously) identifies
 * the key in listings and logs, and the secret is 32 random bytes as base64url (43 characters).
 */
const KEY = /^amz_([a-z0-9]{8})_([A-Za-z0-9_-]{43})$/;
const PREFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

export interface GeneratedApiKey {
  key: string;
  prefix: string;
  secretHash: string;
}

/** What is stored: sha256 (hex) of the whole key. Like refresh tokens, 256 random bits need no slow KDF. */
export const hashApiKey = (key: string): string => createHash("sha256").update(key).digest("hex");

function build(prefix: string, secret: Buffer): GeneratedApiKey {
  const key = `amz_${prefix}_${secret.toString("base64url")}`;
  return { key, prefix, secretHash: hashApiKey(key) };
}

export function generateApiKey(): GeneratedApiKey {
  const prefix = Array.from({ length: 8 }, () => PREFIX_ALPHABET[randomInt(PREFIX_ALPHABET.length)]).join("");
  return build(prefix, randomBytes(32));
}

/** A key derived from `seed` (40+ bytes): only for the development demo partner. */
export function apiKeyFromSeed(seed: Buffer): GeneratedApiKey {
  if (seed.length < 40) throw new Error("an API key seed needs at least 40 bytes");
  const prefix = [...seed.subarray(0, 8)].map((byte) => PREFIX_ALPHABET[byte % PREFIX_ALPHABET.length]).join("");
  return build(prefix, seed.subarray(8, 40));
}

/** The prefix of a well-formed key, or null. */
export function apiKeyPrefix(key: string): string | null {
  return KEY.exec(key)?.[1] ?? null;
}

/** Constant-time comparison of a presented key with a stored hash. */
export function apiKeyMatches(key: string, secretHash: string): boolean {
  const presented = Buffer.from(hashApiKey(key), "hex");
  const stored = Buffer.from(secretHash, "hex");
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
