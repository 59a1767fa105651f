import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_RETRY_DELAY_MS, retryDelayMs } from "./backoff.ts";

describe("retryDelayMs", () => {
  it("doubles with each attempt, around the base", () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 1_000, () => 0.5))).toEqual([1_000, 2_000, 4_000, 8_000]);
  });

  it("stays within ±20 % of the exponential and never above the cap (jitter included)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 10, max: 100_000 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (n, base, r) => {
          const expected = Math.min(MAX_RETRY_DELAY_MS, base * 2 ** (n - 1));
          const delay = retryDelayMs(n, base, () => r);
          expect(delay).toBeGreaterThanOrEqual(Math.floor(expected * 0.8));
          expect(delay).toBeLessThanOrEqual(Math.ceil(expected * 1.2));
        },
      ),
    );
  });
});
