import { describe, expect, it } from "vitest";
import { availabilityOf, lowStockAfterChange } from "./stock-rules.ts";

const P = "10000000-0000-4000-8000-000000000001";

describe("availabilityOf", () => {
  it.each([
    [null, { status: "OUT_OF_STOCK", availableQuantity: 0 }],
    [
      { productId: P, available: 0, threshold: 10 },
      { status: "OUT_OF_STOCK", availableQuantity: 0 },
    ],
    [
      { productId: P, available: 10, threshold: 10 },
      { status: "LOW_STOCK", availableQuantity: 10 },
    ],
    [
      { productId: P, available: 11, threshold: 10 },
      { status: "IN_STOCK", availableQuantity: 11 },
    ],
    [
      { productId: P, available: 5000, threshold: 10 },
      { status: "IN_STOCK", availableQuantity: 99 },
    ],
  ])("%j -> %j", (stock, expected) => {
    expect(availabilityOf(stock)).toEqual(expected);
  });
});

describe("lowStockAfterChange", () => {
  const state = (available: number, alerted = false) => ({ onHand: available + 2, reserved: 2, threshold: 5, alerted });

  it("alerts the first time a change leaves the stock at or below the threshold", () => {
    expect(lowStockAfterChange(state(5), true)).toEqual({ alerted: true, emit: true });
    expect(lowStockAfterChange(state(6), true)).toEqual({ alerted: false, emit: false });
  });

  it("alerts once per episode of low stock", () => {
    expect(lowStockAfterChange(state(3, true), true)).toEqual({ alerted: true, emit: false });
  });

  it("re-arms once availability rises above the threshold", () => {
    expect(lowStockAfterChange(state(9, true), false)).toEqual({ alerted: false, emit: false });
  });

  it("never alerts for changes that cannot lower stock", () => {
    expect(lowStockAfterChange(state(1), false)).toEqual({ alerted: false, emit: false });
  });
});
