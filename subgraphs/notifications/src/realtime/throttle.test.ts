import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TrailingThrottle } from "./throttle.ts";

describe("TrailingThrottle", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("sends the first value at once, then at most one per interval, always ending on the latest", () => {
    const sent: { value: number; at: number }[] = [];
    const throttle = new TrailingThrottle<number>(1_000, (value) => sent.push({ value, at: Date.now() }));
    const start = Date.now();
    throttle.push(1);
    for (let value = 2; value <= 20; value += 1) {
      vi.advanceTimersByTime(100);
      throttle.push(value);
    }
    vi.advanceTimersByTime(5_000);
    expect(sent.map((s) => s.value)).toEqual([1, 10, 20]);
    const gaps = sent.slice(1).map((s, i) => s.at - sent[i]!.at);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(1_000);
    expect(sent[0]!.at).toBe(start);
  });

  it("sends a value at once again after a quiet interval", () => {
    const sent: number[] = [];
    const throttle = new TrailingThrottle<number>(1_000, (value) => sent.push(value));
    throttle.push(1);
    vi.advanceTimersByTime(1_500);
    throttle.push(2);
    expect(sent).toEqual([1, 2]);
  });

  it("drops the pending value when cancelled", () => {
    const sent: number[] = [];
    const throttle = new TrailingThrottle<number>(1_000, (value) => sent.push(value));
    throttle.push(1);
    throttle.push(2);
    throttle.cancel();
    vi.advanceTimersByTime(5_000);
    expect(sent).toEqual([1]);
  });
});
