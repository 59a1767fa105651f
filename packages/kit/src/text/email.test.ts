import { describe, expect, it } from "vitest";
import { normaliseEmail } from "./email.ts";

describe("normaliseEmail", () => {
  it.each([
    ["  Ada.Lovelace+shop@Example.CO.uk ", "ada.lovelace+shop@example.co.uk"],
    ["o'brien@example.ie", "o'brien@example.ie"],
    ["x@sub-domain.example.travel", "x@sub-domain.example.travel"],
  ])("normalises %j to %s", (input, expected) => {
    expect(normaliseEmail(input)).toBe(expected);
  });

  it.each([
    "",
    "plain",
    "@example.com",
    "a@",
    "a@b",
    "a@.com",
    "a@b..com",
    "a..b@example.com",
    "a.@example.com",
    "a@-x.com",
    "a@example.123",
    "a b@example.com",
    "ü@example.com",
    "a@exämple.com",
    `${"l".repeat(65)}@example.com`,
    `a@${"d".repeat(250)}.com`,
    "a@b@example.com",
    "a\u0000@example.com",
  ])("refuses %j", (input) => {
    expect(() => normaliseEmail(input)).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_USER_INPUT", field: "email" }) }),
    );
  });
});
