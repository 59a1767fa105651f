import { describe, expect, it } from "vitest";
import { renderEmail, shopLink } from "./email-template.ts";

const shop = { name: "Amazoff", url: "https://shop.example.com" };

describe("renderEmail", () => {
  it("says the same in text and HTML, with the shop's name and a link back to what it is about", () => {
    const email = renderEmail(
      shop,
      { email: "ada@example.com", displayName: "Ada" },
      {
        title: "Your order has shipped",
        body: "Order 0B8D1E6A is on its way.",
        link: "/orders/0b8d1e6a",
      },
    );
    expect(email.to).toBe("ada@example.com");
    expect(email.subject).toBe("Your order has shipped — Amazoff");
    for (const part of [email.text, email.html]) {
      expect(part).toContain("Hello Ada,");
      expect(part).toContain("Order 0B8D1E6A is on its way.");
      expect(part).toContain("https://shop.example.com/orders/0b8d1e6a");
      expect(part).toContain("Amazoff");
    }
  });

  it("names the shop once in the subject", () => {
    const welcome = renderEmail(
      shop,
      { email: "a@example.com", displayName: "A" },
      { title: "Welcome to Amazoff", body: "Hi.", link: "/" },
    );
    expect(welcome.subject).toBe("Welcome to Amazoff");
  });

  it("escapes whatever users wrote in the HTML", () => {
    const email = renderEmail(
      shop,
      { email: "x@example.com", displayName: `<script>alert("x")</script>` },
      { title: "A & B", body: "<b>", link: null },
    );
    expect(email.html).not.toContain("<script>");
    expect(email.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(email.html).toContain("A &amp; B");
    expect(email.text).toContain(`Hello <script>alert("x")</script>,`);
  });

  it("makes links from the shop's address, with or without a path of its own", () => {
    expect(shopLink({ name: "S", url: "https://s.example/shop" }, "/cart")).toBe("https://s.example/shop/cart");
    expect(shopLink({ name: "S", url: "https://s.example" }, null)).toBe("https://s.example/");
  });
});
