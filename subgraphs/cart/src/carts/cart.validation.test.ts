import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_LINE_QUANTITY } from "./cart.model.ts";
import { assertWithinStock, mergedQuantity, newLineQuantity, unitsToAdd } from "./cart.validation.ts";

/** The BAD_USER_INPUT field of what `fn` throws, or null when it does not throw. */
function refusal(fn: () => unknown): { field: unknown; code: unknown } | null {
  try {
    fn();
    return null;
  } catch (error) {
    const extensions = (error as { extensions?: Record<string, unknown> }).extensions ?? {};
    return { field: extensions.field, code: extensions.code };
  }
}

const anyNumber = fc.oneof(fc.integer({ min: -1_000, max: 1_000 }), fc.double({ noNaN: true, min: -1_000, max: 1_000 }), fc.integer());

describe("quantity rules", () => {
  it("units to add: accepted exactly when a whole number from 1 to 99", () => {
    fc.assert(
      fc.property(anyNumber, (n) => {
        const valid = Number.isInteger(n) && n >= 1 && n <= MAX_LINE_QUANTITY;
        const result = refusal(() => unitsToAdd(n));
        expect(result).toEqual(valid ? null : { field: "input.quantity", code: "BAD_USER_INPUT" });
      }),
    );
  });

  it("a line's new quantity: accepted exactly when a whole number from 0 to 99", () => {
    fc.assert(
      fc.property(anyNumber, (n) => {
        const valid = Number.isInteger(n) && n >= 0 && n <= MAX_LINE_QUANTITY;
        expect(refusal(() => newLineQuantity(n)) === null).toBe(valid);
      }),
    );
  });

  it("stock: growing within stock and the line maximum is allowed, shrinking always is", () => {
    const qty = fc.integer({ min: 0, max: 120 });
    fc.assert(
      fc.property(qty, qty, fc.integer({ min: 0, max: 200 }), (next, current, available) => {
        const allowed = next <= MAX_LINE_QUANTITY && (next <= current || next <= available);
        expect(refusal(() => assertWithinStock(next, current, available)) === null).toBe(allowed);
      }),
    );
  });

  it("merging never takes units away, never exceeds the caps it can honour, and adds what fits", () => {
    const qty = fc.integer({ min: 0, max: MAX_LINE_QUANTITY });
    fc.assert(
      fc.property(qty, fc.integer({ min: 1, max: MAX_LINE_QUANTITY }), fc.integer({ min: -5, max: 200 }), (existing, guest, available) => {
        const merged = mergedQuantity(existing, guest, available);
        expect(merged).toBeGreaterThanOrEqual(existing);
        expect(merged).toBeLessThanOrEqual(Math.max(existing, Math.min(MAX_LINE_QUANTITY, available)));
        expect(merged).toBeLessThanOrEqual(existing + guest);
        if (existing + guest <= Math.min(MAX_LINE_QUANTITY, available)) expect(merged).toBe(existing + guest);
      }),
    );
  });
});
