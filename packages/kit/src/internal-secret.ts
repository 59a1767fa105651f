import { createHash, timingSafeEqual } from "node:crypto";
import { INTERNAL_SCHEME } from "./internal.ts";

/** The `authorization` header a caller of an `/internal/...` endpoint sends. */
export const internalAuthorization = (secret: string): string => `${INTERNAL_SCHEME} ${secret}`;

/**
 * Whether an `authorization` header presents the internal secret, for internal endpoints that
 * cannot use `internalRoute` (they answer in their own format). Both sides are hashed first, so
 * the comparison takes the same time whatever is sent.
 */
export function presentsInternalSecret(authorization: string | string[] | undefined, secret: string): boolean {
  const header = Array.isArray(authorization) ? authorization[0] : authorization;
  const [scheme, given] = (header ?? "").split(" ", 2);
  if (scheme !== INTERNAL_SCHEME || !given) return false;
  return timingSafeEqual(createHash("sha256").update(given).digest(), createHash("sha256").update(secret).digest());
}
