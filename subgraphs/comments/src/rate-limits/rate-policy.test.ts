import type { Viewer } from "@amazoff/kit";
import { describe, expect, it } from "vitest";
import { rateSubject, retryAfterSeconds } from "./rate-policy.ts";

const viewer = (over: Partial<Viewer>): Viewer => ({
  userId: "u1",
  role: "CUSTOMER",
  scopes: new Set(),
  via: "session",
  tokenId: "t",
  ...over,
});

describe("comment rate limits", () => {
  it("count a session against its user and a partner token against its API key", () => {
    expect(rateSubject(viewer({}))).toEqual({ subject: "user:u1", kind: "user" });
    expect(rateSubject(viewer({ role: "PARTNER", via: "api-key", apiKeyId: "k1" }))).toEqual({ subject: "api-key:k1", kind: "apiKey" });
  });

  it("tell a refused writer when the next token arrives, rounded up, never 0", () => {
    const policy = { burst: 3, perMinute: 2 }; // a token every 30 s
    // The bucket is full again in 90 s: three tokens were just taken; the next comes in 30 s.
    expect(retryAfterSeconds(90, policy)).toBe(30);
    expect(retryAfterSeconds(89.2, policy)).toBe(30);
    expect(retryAfterSeconds(60.4, policy)).toBe(1);
    expect(retryAfterSeconds(10, policy)).toBe(1);
  });
});
