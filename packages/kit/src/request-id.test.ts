import { describe, expect, it } from "vitest";
import { uuidV5 } from "./deterministic-id.ts";
import { requestIdFrom } from "./request-id.ts";

describe("requestIdFrom", () => {
  it("keeps an id-like incoming header", () => {
    expect(requestIdFrom("abc-123_x:y.z")).toBe("abc-123_x:y.z");
  });
  it.each([undefined, "", "has spaces", "x".repeat(200), "line\nbreak", '{"json":1}'])("replaces %j with a fresh UUID", (header) => {
    expect(requestIdFrom(header)).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("uuidV5", () => {
  it("matches the RFC 9562 test vector and is stable", () => {
    // RFC 9562 appendix A.4: DNS namespace, "www.example.com"
    expect(uuidV5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.example.com")).toBe("2ed6657d-e927-568b-95e1-2665a8aea6a2");
  });
});
