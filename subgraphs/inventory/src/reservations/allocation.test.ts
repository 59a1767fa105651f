import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocate, mergeItems, type StockCandidate } from "./allocation.ts";

const P1 = "10000000-0000-4000-8000-000000000001";
const P2 = "10000000-0000-4000-8000-000000000002";
const S1 = "20000000-0000-4000-8000-000000000001";
const S2 = "20000000-0000-4000-8000-000000000002";
const S3 = "20000000-0000-4000-8000-000000000003";

describe("mergeItems", () => {
  it("adds up duplicate lines and sorts by product id (the lock order)", () => {
    expect(
      mergeItems([
        { productId: P2, quantity: 1 },
        { productId: P1, quantity: 2 },
        { productId: P2.toUpperCase(), quantity: 3 },
      ]),
    ).toEqual([
      { productId: P1, quantity: 2 },
      { productId: P2, quantity: 4 },
    ]);
  });
});

describe("allocate", () => {
  it("takes from the store with the most available units first", () => {
    const candidates = [
      { productId: P1, storeId: S1, available: 2 },
      { productId: P1, storeId: S2, available: 5 },
      { productId: P1, storeId: S3, available: 0 },
    ];
    expect(allocate([{ productId: P1, quantity: 6 }], candidates)).toEqual({
      held: [
        { productId: P1, storeId: S2, quantity: 5 },
        { productId: P1, storeId: S1, quantity: 1 },
      ],
    });
  });

  it("reports every product it cannot supply in full, and holds nothing", () => {
    const candidates = [
      { productId: P1, storeId: S1, available: 1 },
      { productId: P2, storeId: S1, available: 10 },
    ];
    expect(
      allocate(
        [
          { productId: P1, quantity: 2 },
          { productId: P2, quantity: 3 },
        ],
        candidates,
      ),
    ).toEqual({
      shortages: [{ productId: P1, requested: 2, available: 1 }],
    });
    expect(allocate([{ productId: P2, quantity: 1 }], [])).toEqual({ shortages: [{ productId: P2, requested: 1, available: 0 }] });
  });

  it("never holds more than a store has, and holds exactly what was asked (property)", () => {
    const store = fc.constantFrom(S1, S2, S3);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ storeId: store, available: fc.integer({ min: 0, max: 50 }) }), { selector: (c) => c.storeId }),
        fc.integer({ min: 1, max: 160 }),
        (stores, quantity) => {
          const candidates: StockCandidate[] = stores.map((s) => ({ productId: P1, ...s }));
          const total = candidates.reduce((n, c) => n + c.available, 0);
          const result = allocate([{ productId: P1, quantity }], candidates);
          if (quantity > total) {
            expect(result).toEqual({ shortages: [{ productId: P1, requested: quantity, available: total }] });
            return;
          }
          if (!("held" in result)) throw new Error("expected an allocation");
          expect(result.held.reduce((n, h) => n + h.quantity, 0)).toBe(quantity);
          for (const h of result.held) {
            expect(h.quantity).toBeGreaterThan(0);
            expect(h.quantity).toBeLessThanOrEqual(candidates.find((c) => c.storeId === h.storeId)!.available);
          }
        },
      ),
    );
  });
});
