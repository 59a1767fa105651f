import { describe, expect, it } from "vitest";
import { demoCategories, demoProduct, demoProducts, slugify } from "./catalog.ts";

describe("demo catalog", () => {
  const products = [...demoProducts(600)];
  const categories = demoCategories();

  it("has at least 15 categories in a tree, parents first", () => {
    expect(categories.length).toBeGreaterThanOrEqual(15);
    const seen = new Set<string>();
    for (const category of categories) {
      if (category.parentId) expect(seen.has(category.parentId)).toBe(true);
      seen.add(category.id);
    }
    expect(new Set(categories.map((c) => c.slug)).size).toBe(categories.length);
  });

  it("is deterministic: the same index gives the same product", () => {
    expect(demoProduct(123)).toEqual(demoProduct(123));
    expect(demoProduct(123)).not.toEqual(demoProduct(124));
  });

  it("gives 600 products with unique ids, SKUs, slugs and names", () => {
    for (const key of ["id", "sku", "slug", "name"] as const) {
      expect(new Set(products.map((p) => p[key])).size).toBe(600);
    }
  });

  it("spreads products over leaf categories only, with at least 15 used", () => {
    const leafIds = new Set(categories.filter((c) => c.parentId).map((c) => c.id));
    const used = new Set(products.map((p) => p.categoryId));
    for (const id of used) expect(leafIds.has(id)).toBe(true);
    expect(used.size).toBeGreaterThanOrEqual(15);
  });

  it("prices in positive integer cents with shop-like endings", () => {
    for (const product of products) {
      expect(Number.isInteger(product.priceAmount)).toBe(true);
      expect(product.priceAmount).toBeGreaterThan(0);
      expect(product.priceAmount % 100).toBe(99);
    }
  });

  it("writes descriptions of a few sentences", () => {
    for (const product of products.slice(0, 50)) {
      expect(product.description.split(". ").length).toBeGreaterThanOrEqual(3);
    }
  });

  it("slugifies names for URLs", () => {
    expect(slugify('Corvid Panorama Monitor, 27", 4K UHD')).toBe("corvid-panorama-monitor-27-4k-uhd");
    expect(slugify("Salt, Smoke & Fire")).toBe("salt-smoke-and-fire");
    expect(slugify("Lumière Rich Cream")).toBe("lumiere-rich-cream");
  });
});
