import { describe, expect, it } from "vitest";
import { orderPlaced, orderReference, orderStatusChanged, paymentFailed, stockLow, welcome } from "./notification-content.ts";

const orderId = "0b8d1e6a-1111-4111-8111-000000000001";

describe("notification content", () => {
  it("names orders by a short reference and links to them", () => {
    expect(orderReference(orderId)).toBe("0B8D1E6A");
    expect(orderPlaced(orderId)).toMatchObject({ kind: "ORDER_PLACED", link: `/orders/${orderId}`, orderId });
    expect(orderPlaced(orderId).body).toContain("0B8D1E6A");
  });

  it("tells of every move after payment, and leaves PAID to the order confirmation", () => {
    for (const to of ["FULFILLED", "SHIPPED", "DELIVERED", "CANCELLED", "REFUNDED"]) {
      expect(orderStatusChanged(orderId, to)).toMatchObject({ kind: "ORDER_STATUS_CHANGED", orderId });
    }
    expect(orderStatusChanged(orderId, "SHIPPED")!.title).toBe("Your order has shipped");
    expect(orderStatusChanged(orderId, "PAID")).toBeNull();
    expect(orderStatusChanged(orderId, "SOMETHING_NEW")).toBeNull();
  });

  it("explains a declined payment without internal codes", () => {
    expect(paymentFailed("insufficient_funds").body).toContain("insufficient funds");
    expect(paymentFailed("provider_exploded").body).not.toContain("provider_exploded");
  });

  it("welcomes with the shop's name, and tells staff how much stock is left", () => {
    expect(welcome("Amazoff").title).toBe("Welcome to Amazoff");
    expect(stockLow(orderId, orderId, 1).body).toContain("Only 1 unit left");
    expect(stockLow(orderId, orderId, 3)).toMatchObject({ kind: "STOCK_LOW", productId: orderId, link: `/products/${orderId}` });
  });
});
