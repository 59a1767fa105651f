import { describe, expect, it } from "vitest";
import { internalAuthorization, presentsInternalSecret } from "./internal-secret.ts";

describe("presentsInternalSecret", () => {
  const secret = "0123456789abcdef-secret";
  it("accepts exactly `Internal <secret>`", () => {
    expect(presentsInternalSecret(internalAuthorization(secret), secret)).toBe(true);
    expect(presentsInternalSecret([internalAuthorization(secret)], secret)).toBe(true);
  });
  it.each([undefined, "", "Internal", `Internal ${secret}x`, `Bearer ${secret}`, `internal ${secret}`, `Internal  ${secret}`, secret])(
    "refuses %j",
    (header) => {
      expect(presentsInternalSecret(header, secret)).toBe(false);
    },
  );
});
