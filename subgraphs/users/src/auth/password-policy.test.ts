import { describe, expect, it } from "vitest";
import { assertAcceptablePassword } from "./password-policy.ts";

const check =
  (password: string, email = "someone@example.com") =>
  () =>
    assertAcceptablePassword(password, email);

describe("assertAcceptablePassword", () => {
  it.each([
    "correct horse battery",
    "Tr0ub4dor&3x",
    "ünïcödé pässwörd",
    "🙂🙃🙂🙃 smile!",
    `${"x".repeat(9)}yzw`,
    `${"a".repeat(190)}bcdefghijk`,
  ])("accepts %j", (password) => {
    expect(check(password)).not.toThrow();
  });

  it.each([
    ["too short", "abc123xyz"],
    ["too long", "ab1!".repeat(51)],
    ["one repeated character", "zzzzzzzzzzzz"],
    ["a sequence", "abcdefghijkl"],
    ["a descending sequence", "9876543210"],
    ["three distinct characters", "abcabcabcabc"],
    ["common", "Password123"],
    ["the email's name part", "xx-someone-xx"],
    ["a control character", "fine\u0000password"],
    ["a lone surrogate", "fine \ud800 password"],
    ["a bidi override", "fine \u202e password"],
  ])("refuses %s", (_reason, password) => {
    expect(check(password)).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_USER_INPUT", field: "password" }) }),
    );
  });

  it("compares short name parts with the whole email only", () => {
    expect(check("ab is my name, ok?", "ab@example.com")).not.toThrow();
    expect(check("my ab@example.com!", "ab@example.com")).toThrow();
  });

  it("names the field it is given", () => {
    expect(() => assertAcceptablePassword("short", "a@b.co", "newPassword")).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ field: "newPassword" }) }),
    );
  });
});
