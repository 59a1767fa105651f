import { describe, expect, it } from "vitest";
import { demoProductId, demoProducts } from "./catalog.ts";
import { DEMO_COMMENT_PAGES, demoComments } from "./comments.ts";

describe("demo comments", () => {
  const comments = demoComments();

  it("are the same on every run, with unique ids", () => {
    expect(demoComments()).toEqual(comments);
    expect(new Set(comments.map((c) => c.id)).size).toBe(comments.length);
  });

  it("sit on demo products of the first 600 and on the demo pages", () => {
    const products = new Set([...demoProducts(600)].map((p) => `product:${p.id}`));
    const pages = new Set(DEMO_COMMENT_PAGES.map((slug) => `page:${slug}`));
    for (const comment of comments) expect(products.has(comment.sectionId) || pages.has(comment.sectionId), comment.sectionId).toBe(true);
    expect(new Set(comments.map((c) => c.sectionId)).size).toBe(53);
    expect(comments.filter((c) => c.sectionId === `product:${demoProductId([...demoProducts(1)][0]!.sku)}`).length).toBeGreaterThan(20);
  });

  it("reply only to the first comment of a thread in the same section, after it", () => {
    const byId = new Map(comments.map((c) => [c.id, c]));
    for (const reply of comments.filter((c) => c.replyToId)) {
      const root = byId.get(reply.replyToId!)!;
      expect(root.replyToId).toBeNull();
      expect(root.sectionId).toBe(reply.sectionId);
      expect(reply.createdAt.getTime()).toBeGreaterThan(root.createdAt.getTime());
    }
  });

  it("keep the comments' rules: a body of 1 to 2,000 characters unless deleted", () => {
    for (const comment of comments) {
      if (comment.deletedAt) expect(comment.body).toBeNull();
      else expect(comment.body!.length).toBeGreaterThan(0);
      expect((comment.body ?? "").length).toBeLessThanOrEqual(2000);
    }
    expect(comments.some((c) => c.deletedBy === "STAFF" && c.deletionReason)).toBe(true);
    expect(comments.some((c) => c.editedAt)).toBe(true);
  });
});
