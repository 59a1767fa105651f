import { describe, expect, it } from "vitest";
import { lineTotal, subtotal } from "./cart-totals.ts";

describe("cart totals", () => {
  it("multiplies and adds in minor units, exactly", () => {
    const lines = [lineTotal({ amount: 1999, currency: "USD" }, 3), lineTotal({ amount: 1, currency: "USD" }, 99)];
    expect(lines).toEqual([
      { amount: 5997, currency: "USD" },
      { amount: 99, currency: "USD" },
    ]);
    expect(subtotal(lines, "EUR")).toEqual({ amount: 6096, currency: "USD" });
  });

  it("prices an empty cart at zero in the shop currency", () => {
    expect(subtotal([], "EUR")).toEqual({ amount: 0, currency: "EUR" });
  });

  it("refuses to add up different currencies, or to pass what an Int can carry", () => {
    expect(() =>
      subtotal(
        [
          { amount: 1, currency: "USD" },
          { amount: 1, currency: "EUR" },
        ],
        "USD",
      ),
    ).toThrow(expect.objectContaining({ extensions: { code: "CONFLICT" } }));
    expect(() => lineTotal({ amount: 2_000_000_000, currency: "USD" }, 2)).toThrow(
      expect.objectContaining({ extensions: { code: "CONFLICT" } }),
    );
    expect(() =>
      subtotal(
        [
          { amount: 2_000_000_000, currency: "USD" },
          { amount: 200_000_000, currency: "USD" },
        ],
        "USD",
      ),
    ).toThrow(/larger than an amount can be/);
  });
});
