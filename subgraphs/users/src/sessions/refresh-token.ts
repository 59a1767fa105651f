import { createHash, randomBytes } from "node:crypto";

/** How long a refresh token works if unused; each refresh starts a new period. */
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** 32 random bytes as base64url: 43 characters, 256 bits (guessing is hopeless, no throttle needed). */
const FORMAT = /^[A-Za-z0-9_-]{43}$/;

export const newRefreshToken = (): string => randomBytes(32).toString("base64url");

export const isRefreshTokenShaped = (value: string): boolean => FORMAT.test(value);

/**
 * What is stored instead of the token: sha256 in hex. A plain hash (no salt, no slow KDF) is right
 * here: the token is 256 random bits, so a stolen table gives nothing to brute-force.
 */
export const hashRefreshToken = (token: string): string => createHash("sha256").update(token).digest("hex");
