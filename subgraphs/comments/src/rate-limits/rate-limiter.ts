import { RateLimitedError, type Viewer } from "@amazoff/kit";
import type { RateLimitRepository } from "./rate-limit.repository.ts";
import { rateSubject, retryAfterSeconds, type RatePolicy } from "./rate-policy.ts";

/** Limits comment writes (posts and edits) per user and per partner API key. */
export class CommentRateLimiter {
  constructor(
    private readonly buckets: RateLimitRepository,
    private readonly policies: { user: RatePolicy; apiKey: RatePolicy },
  ) {}

  /** Takes one write from the viewer's bucket, or throws RATE_LIMITED with `retryAfterSeconds`. */
  async take(viewer: Viewer): Promise<void> {
    const { subject, kind } = rateSubject(viewer);
    const policy = this.policies[kind];
    const result = await this.buckets.take(subject, policy);
    if (result.allowed) return;
    const retryAfter = retryAfterSeconds(result.secondsUntilFull, policy);
    throw new RateLimitedError(`Too many comments; try again in ${retryAfter} s`, retryAfter);
  }
}
