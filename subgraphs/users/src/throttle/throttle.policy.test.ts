import { describe, expect, it } from "vitest";
import { afterFailure, afterSuccess, cleared, retryAfterSeconds, waitSeconds, type ThrottlePolicy } from "./throttle.policy.ts";

const policy: ThrottlePolicy = { slowAfter: 3, lockAfter: 6, lockoutSeconds: 900, forgetAfterSeconds: 600 };
const subject = { key: "k", policy };
const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1) + seconds * 1000);

describe("waitSeconds", () => {
  it("lets the first failures pass, then doubles the wait, then locks out", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((f) => waitSeconds(policy, f))).toEqual([0, 0, 0, 2, 4, 8, 900, 900]);
  });

  it("never waits longer than the lockout", () => {
    expect(waitSeconds({ ...policy, lockAfter: 100 }, 50)).toBe(900);
  });
});

describe("afterFailure", () => {
  it("counts failures and sets the wait from the count", () => {
    let counter = afterFailure(subject, undefined, at(0));
    for (let i = 1; i < 4; i += 1) counter = afterFailure(subject, counter, at(i));
    expect(counter).toEqual({ key: "k", failures: 4, lastFailureAt: at(3), lockedUntil: at(3 + 4) });
  });

  it("forgets a subject that stayed quiet long enough", () => {
    const old = { key: "k", failures: 5, lastFailureAt: at(0), lockedUntil: at(8) };
    expect(afterFailure(subject, old, at(601)).failures).toBe(1);
    expect(afterFailure(subject, old, at(599)).failures).toBe(6);
  });
});

describe("retryAfterSeconds", () => {
  it("is the longest remaining wait, rounded up, and 0 when nothing waits", () => {
    const now = at(10);
    expect(retryAfterSeconds([undefined, { key: "a", failures: 1, lastFailureAt: now, lockedUntil: null }], now)).toBe(0);
    expect(retryAfterSeconds([{ key: "a", failures: 3, lastFailureAt: now, lockedUntil: at(9) }], now)).toBe(0);
    expect(
      retryAfterSeconds(
        [
          { key: "a", failures: 3, lastFailureAt: now, lockedUntil: new Date(at(10).getTime() + 1500) },
          { key: "b", failures: 3, lastFailureAt: now, lockedUntil: at(12) },
        ],
        now,
      ),
    ).toBe(2);
  });
});

describe("success", () => {
  it("takes one counted failure back and lifts the wait; a proven subject starts afresh", () => {
    const counter = { key: "k", failures: 4, lastFailureAt: at(0), lockedUntil: at(4) };
    expect(afterSuccess(counter)).toEqual({ ...counter, failures: 3, lockedUntil: null });
    expect(cleared(counter)).toEqual({ ...counter, failures: 0, lockedUntil: null });
  });
});
