import type { Viewer } from "@amazoff/kit";

/** A token bucket: `burst` writes at once, refilled at `perMinute`. */
export interface RatePolicy {
  burst: number;
  perMinute: number;
}

/** Seconds between two tokens of the bucket. */
export const intervalSeconds = (policy: RatePolicy): number => 60 / policy.perMinute;

/**
 * Who a write is counted against: the API key a partner's token was minted from (each key its
 * own bucket), otherwise the signed-in user.
 */
export function rateSubject(viewer: Viewer): { subject: string; kind: "apiKey" | "user" } {
  if (viewer.via === "api-key" && viewer.apiKeyId) return { subject: `api-key:${viewer.apiKeyId}`, kind: "apiKey" };
  return { subject: `user:${viewer.userId}`, kind: "user" };
}

/**
 * How long until a refused subject may write again. The bucket is kept as GCRA's theoretical
 * arrival time `tat` (when the bucket is full again): a write is allowed while `tat - now` is at
 * most `(burst - 1)` intervals, so the next one is allowed `tat - now - (burst - 1) * interval`
 * seconds from now. Rounded up, and at least 1 (a client told 0 would retry at once).
 */
export function retryAfterSeconds(secondsUntilFull: number, policy: RatePolicy): number {
  return Math.max(1, Math.ceil(secondsUntilFull - (policy.burst - 1) * intervalSeconds(policy)));
}
