import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { brandOf, luhnValid, summarize, validateCard } from "./card.ts";

const NOW = new Date("2026-11-22T12:00:00Z");
const card = (overrides: Partial<{ number: string; expMonth: number; expYear: number; cvc: string }> = {}) => ({
  number: "4242424242424242",
  expMonth: 12,
  expYear: 2030,
  cvc: "123",
  ...overrides,
});

describe("luhnValid", () => {
  it.each([
    "4242424242424242",
    "4000000000000002",
    "4000000000009995",
    "4000000000000119",
    "5555555555554444",
    "378282246310005",
    "6011111111111117",
  ])("accepts the test number %s", (number) => expect(luhnValid(number)).toBe(true));

  it("catches every single-digit typo (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 1, max: 9 }), (position, change) => {
        const digits = "4242424242424242".split("").map(Number);
        digits[position] = (digits[position]! + change) % 10;
        expect(luhnValid(digits.join(""))).toBe(false);
      }),
    );
  });
});

describe("validateCard", () => {
  it("accepts a valid card, with spaces, and keeps brand and last four", () => {
    expect(validateCard(card({ number: "4242 4242 4242 4242" }), NOW)).toEqual({
      number: "4242424242424242",
      expMonth: 12,
      expYear: 2030,
      cvc: "123",
      brand: "visa",
      last4: "4242",
    });
  });

  it("accepts a card expiring this month and a two-digit year", () => {
    expect(validateCard(card({ expMonth: 11, expYear: 26 }), NOW)).not.toBeNull();
  });

  it.each([
    ["a bad checksum", { number: "4242424242424241" }],
    ["letters", { number: "4242-4242-abcd-4242" }],
    ["too few digits", { number: "42424242424" }],
    ["too many digits", { number: "42424242424242424242" }],
    ["month 0", { expMonth: 0 }],
    ["month 13", { expMonth: 13 }],
    ["last month", { expMonth: 10, expYear: 2026 }],
    ["last year", { expYear: 2025 }],
    ["a year too far ahead", { expYear: 2047 }],
    ["a 2-digit CVC", { cvc: "12" }],
    ["a 4-digit CVC on a Visa", { cvc: "1234" }],
    ["a 3-digit CVC on an Amex", { number: "378282246310005", cvc: "123" }],
  ])("refuses %s", (_name, overrides) => {
    expect(validateCard(card(overrides), NOW)).toBeNull();
  });

  it("accepts a 4-digit CVC on an Amex", () => {
    expect(validateCard(card({ number: "378282246310005", cvc: "1234" }), NOW)?.brand).toBe("amex");
  });
});

describe("brandOf and summarize", () => {
  it.each([
    ["4242424242424242", "visa"],
    ["5555555555554444", "mastercard"],
    ["2223003122003222", "mastercard"],
    ["378282246310005", "amex"],
    ["6011111111111117", "discover"],
    ["3056930009020004", null],
  ])("%s is %s", (number, brand) => expect(brandOf(number)).toBe(brand));

  it("keeps only what may be stored, even of a malformed number", () => {
    expect(summarize("4242 4242 4242 4241")).toEqual({ brand: "visa", last4: "4241" });
    expect(summarize("not a card")).toEqual({ brand: null, last4: null });
  });
});
