import { describe, expect, it } from "vitest";
import { formatMoney, minorUnitsPerMajor } from "./money.ts";

describe("money", () => {
  it.each([
    [{ amount: 1999, currency: "USD" }, "$19.99"],
    [{ amount: 5, currency: "USD" }, "$0.05"],
    [{ amount: 123456789, currency: "USD" }, "$1,234,567.89"],
    [{ amount: -250, currency: "EUR" }, "-€2.50"],
    [{ amount: 500, currency: "JPY" }, "¥500"],
  ])("formats %j as %s, exactly", (money, text) => {
    expect(formatMoney(money)).toBe(text);
  });

  it("knows the minor units of a currency", () => {
    expect(minorUnitsPerMajor("USD")).toBe(100);
    expect(minorUnitsPerMajor("JPY")).toBe(1);
    expect(minorUnitsPerMajor("KWD")).toBe(1000);
  });

  it("does not drift like floats would", () => {
    // 0.1 + 0.2 style errors would show up as $0.30000000000000004 or $0.29
    expect(formatMoney({ amount: 10 + 20, currency: "USD" })).toBe("$0.30");
    expect(formatMoney({ amount: 2_147_483_647, currency: "USD" })).toBe("$21,474,836.47");
  });
});
