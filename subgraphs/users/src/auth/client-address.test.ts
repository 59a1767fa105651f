import { describe, expect, it } from "vitest";
import { clientAddress, UNKNOWN_ADDRESS } from "./client-address.ts";

describe("clientAddress", () => {
  it.each([
    [{ "x-forwarded-for": "203.0.113.7, 10.0.0.1" }, undefined, "203.0.113.7"],
    [{ "x-forwarded-for": " 203.0.113.7:51234 " }, undefined, "203.0.113.7"],
    [{ "x-forwarded-for": "[2001:DB8::1]:443" }, undefined, "2001:db8::1"],
    [{ "x-forwarded-for": "::ffff:198.51.100.2" }, undefined, "198.51.100.2"],
    [{ "x-forwarded-for": "not-an-ip", "x-real-ip": "198.51.100.9" }, undefined, "198.51.100.9"],
    [{ "x-real-ip": "garbage" }, "::ffff:127.0.0.1", "127.0.0.1"],
    [{ "x-forwarded-for": "x".repeat(10_000) }, undefined, UNKNOWN_ADDRESS],
    [{}, undefined, UNKNOWN_ADDRESS],
  ])("%j (socket %s) is %s", (headers, socket, expected) => {
    expect(clientAddress(headers, socket)).toBe(expected);
  });
});
