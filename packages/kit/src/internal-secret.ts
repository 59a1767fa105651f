import { createHash, timingSafeEqual } from "node:crypto";

/** The `authorization` scheme of calls to `/internal/...` endpoints: `Internal <INTERNAL_API_SECRET>`. */
export const INTERNAL_SCHEME = "Internal";

/** The `authorization` header a caller of an `/internal/...` endpoint sends. */
export const internalAuthorization = (secret: string): string => `${INTERNAL_SCHEME} ${secret}`;

/**
 * Whether an `authorization` header presents the internal secret (`internalRoute` checks it first
 * thing). Both sides are hashed first, so the comparison takes the same time whatever is sent.
 */
export function presentsInternalSecret(authorization: string | string[] | undefined, secret: string): boolean {
  const header = Array.isArray(authorization) ? authorization[0] : authorization;
  const [scheme, given] = (header ?? "").split(" ", 2);
  if (scheme !== INTERNAL_SCHEME || !given) return false;
  return timingSafeEqual(createHash("sha256").update(given).digest(), createHash("sha256").update(secret).digest());
}
