import { describe, expect, it } from "vitest";
import { parseSection, sectionKey } from "./section.ts";

const id = "0B8D1E6A-1111-4111-8111-000000000001";

describe("section ids", () => {
  it("name a product, an event or a page, with ids in lower case", () => {
    expect(parseSection(`product:${id}`)).toEqual({ kind: "product", productId: id.toLowerCase() });
    expect(parseSection(`event:${id}`)).toEqual({ kind: "event", eventId: id.toLowerCase() });
    expect(parseSection("page:shipping-and-returns")).toEqual({ kind: "page", slug: "shipping-and-returns" });
    expect(sectionKey(parseSection(`product:${id}`))).toBe(`product:${id.toLowerCase()}`);
  });

  it.each([
    "",
    "product",
    "product:",
    "product:42",
    `Product:${id}`,
    `order:${id}`,
    `event:${id}x`,
    "page:",
    "page:Shipping",
    "page:two--hyphens",
    "page:-leading",
    "page:trailing-",
    "page:with space",
    "page:ünïcode",
    "page:a/b",
    `page:${"a".repeat(65)}`,
    ` page:about`,
  ])("refuses %j with BAD_USER_INPUT naming the argument", (value) => {
    try {
      parseSection(value);
      expect.unreachable();
    } catch (error) {
      expect((error as { extensions: Record<string, unknown> }).extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "sectionId" });
    }
  });

  it("accepts the longest slug", () => {
    expect(parseSection(`page:${"a".repeat(64)}`)).toEqual({ kind: "page", slug: "a".repeat(64) });
  });
});
