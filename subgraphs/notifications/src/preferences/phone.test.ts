import { describe, expect, it } from "vitest";
import { toE164 } from "./phone.ts";

describe("toE164", () => {
  it.each([
    ["+14155550123", "+14155550123"],
    [" +1 (415) 555-0123 ", "+14155550123"],
    ["+44 20.7946.0018", "+442079460018"],
    ["+49 30 901820", "+4930901820"],
  ])("accepts %j as %s", (input, expected) => {
    expect(toE164(input, "input.smsNumber")).toBe(expected);
  });

  it.each(["4155550123", "+04155550123", "+1415555012a", "+1234567", "+1234567890123456", "", "+", "++14155550123", "+1\u0000415555"])(
    "refuses %j with BAD_USER_INPUT on the field",
    (input) => {
      expect(() => toE164(input, "input.smsNumber")).toThrow(
        expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_USER_INPUT", field: "input.smsNumber" }) }),
      );
    },
  );
});
