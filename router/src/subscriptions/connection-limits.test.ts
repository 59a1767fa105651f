import { describe, expect, it } from "vitest";
import { createConnectionLimiter } from "./connection-limits.ts";

describe("createConnectionLimiter", () => {
  it("gives each user up to the limit, counted apart", () => {
    const limiter = createConnectionLimiter(2);
    expect(limiter.acquire("a")).toBe(true);
    expect(limiter.acquire("a")).toBe(true);
    expect(limiter.acquire("a")).toBe(false);
    expect(limiter.acquire("b")).toBe(true);
    expect(limiter.count("a")).toBe(2);
  });

  it("frees a slot when a connection closes, and forgets users with none", () => {
    const limiter = createConnectionLimiter(1);
    expect(limiter.acquire("a")).toBe(true);
    limiter.release("a");
    expect(limiter.count("a")).toBe(0);
    expect(limiter.acquire("a")).toBe(true);
    limiter.release("a");
    limiter.release("a");
    expect(limiter.count("a")).toBe(0);
  });
});
