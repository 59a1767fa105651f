import { describe, expect, it } from "vitest";
import { ORDER_STATUSES } from "./order.model.ts";
import { assertMove, canMove } from "./state-machine.ts";

describe("order state machine", () => {
  it("follows the happy path and allows the documented exits only", () => {
    const allowed = ORDER_STATUSES.flatMap((from) => ORDER_STATUSES.filter((to) => canMove(from, to)).map((to) => `${from}->${to}`));
    expect(allowed.sort()).toEqual(
      [
        "PENDING_PAYMENT->PAID",
        "PENDING_PAYMENT->CANCELLED",
        "PAID->FULFILLED",
        "PAID->CANCELLED",
        "FULFILLED->SHIPPED",
        "FULFILLED->CANCELLED",
        "SHIPPED->DELIVERED",
        "DELIVERED->REFUNDED",
      ].sort(),
    );
  });

  it("refuses anything else with CONFLICT and says what is allowed", () => {
    expect(() => assertMove("SHIPPED", "CANCELLED")).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: "CONFLICT", allowed: ["DELIVERED"] }) }),
    );
    expect(() => assertMove("CANCELLED", "PAID")).toThrow(/cannot go from CANCELLED to PAID/);
  });
});
