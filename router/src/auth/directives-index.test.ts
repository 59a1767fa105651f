import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { composeSupergraph } from "../../test/support/compose.ts";
import { ACCOUNTS_SDL, RENAMED_SDL, SHOP_SDL } from "../../test/support/schemas.ts";
import { buildAuthorizationIndex, protectedCoordinates } from "./directives-index.ts";
import { linkedAuthDirectives } from "./links.ts";
import { describeRequirement } from "./requirements.ts";

const shop = composeSupergraph({ shop: { sdl: SHOP_SDL }, accounts: { sdl: ACCOUNTS_SDL } });

describe("the authorization index of a composed supergraph", () => {
  const index = buildAuthorizationIndex(shop);
  const field = (type: string, name: string) => {
    const requirement = index.fieldRequirement(type, name);
    return requirement ? describeRequirement(requirement) : null;
  };

  it("reads field directives", () => {
    expect(field("Query", "me")).toBe("@authenticated");
    expect(field("Query", "staffNote")).toBe("@policy([[staff]])");
    expect(field("Query", "partnerNote")).toBe("@policy([[admin], [partner, session]])");
    expect(field("Query", "inventoryReport")).toBe("@requiresScopes([[catalog:write, inventory:read], [users:admin]])");
    expect(field("Account", "email")).toBe("@requiresScopes([[users:read:own]])");
    expect(field("Mutation", "restock")).toBe("@policy([[staff]])");
  });

  it("adds the requirement of the returned type: objects, scalars, enums", () => {
    expect(field("Product", "supplier")).toBe("@policy([[staff]])");
    expect(field("Product", "cost")).toBe("@authenticated @requiresScopes([[inventory:read]])");
    expect(field("Product", "status")).toBe("@requiresScopes([[catalog:write]])");
    expect(index.typeRequirement("Supplier")).toMatchObject({ policies: [["staff"]] });
  });

  it("reads requirements declared in another subgraph", () => {
    expect(field("Product", "reviewCount")).toBe("@authenticated");
  });

  it("gives an interface field the requirements of every implementation (AND)", () => {
    expect(field("Post", "notes")).toBe("@authenticated @policy([[staff]])");
    expect(field("Article", "notes")).toBe("@authenticated");
    expect(field("Post", "title")).toBeNull();
  });

  it("leaves unprotected fields and types alone", () => {
    expect(field("Query", "products")).toBeNull();
    expect(field("Product", "name")).toBeNull();
    expect(index.typeRequirement("Product")).toBeNull();
    expect(index.typeRequirement("SearchResult")).toBeNull();
    expect(index.empty).toBe(false);
  });

  it("lists every protected coordinate, and whether it carries the directive itself", () => {
    const coordinates = protectedCoordinates(shop);
    const byName = new Map(coordinates.map((c) => [c.coordinate, c]));
    expect(byName.get("Supplier")).toMatchObject({ kind: "type", declared: true, requirement: { policies: [["staff"]] } });
    expect(byName.get("Money")).toMatchObject({ kind: "type", requirement: { authenticated: true } });
    expect(byName.get("Query.staffNote")).toMatchObject({ kind: "field", typeName: "Query", fieldName: "staffNote", declared: true });
    expect(byName.get("Product.supplier")).toMatchObject({ declared: false, requirement: { policies: [["staff"]] } });
    expect(byName.get("Product.cost")!.requirement).toEqual({ authenticated: true, scopes: [["inventory:read"]], policies: null });
    expect(byName.has("Product.name")).toBe(false);
    // Types first, then fields, each sorted.
    expect(coordinates.map((c) => c.coordinate)).toEqual([
      ...coordinates
        .filter((c) => c.kind === "type")
        .map((c) => c.coordinate)
        .sort(),
      ...coordinates
        .filter((c) => c.kind === "field")
        .map((c) => c.coordinate)
        .sort(),
    ]);
  });

  it("follows directives renamed by the supergraph's imports", () => {
    const renamed = buildAuthorizationIndex(composeSupergraph({ r: { sdl: RENAMED_SDL } }));
    expect(describeRequirement(renamed.fieldRequirement("Query", "mine")!)).toBe("@authenticated");
    expect(describeRequirement(renamed.fieldRequirement("Query", "stock")!)).toBe("@requiresScopes([[inventory:read], [catalog:write]])");
    expect(describeRequirement(renamed.fieldRequirement("Query", "audit")!)).toBe("@policy([[admin]])");
    expect(describeRequirement(renamed.fieldRequirement("Query", "vault")!)).toBe("@authenticated");
    expect(describeRequirement(renamed.fieldRequirement("Vault", "secret")!)).toBe("@requiresScopes([[users:admin]])");
    expect(renamed.fieldRequirement("Query", "open")).toBeNull();
  });

  it("applies a root type's requirement to every root field", () => {
    const sdl = composeSupergraph({
      s: {
        sdl: `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@authenticated"])
              type Query @authenticated { a: String b: Int }`,
      },
    });
    const index = buildAuthorizationIndex(sdl);
    expect(index.fieldRequirement("Query", "a")).toMatchObject({ authenticated: true });
    expect(index.fieldRequirement("Query", "b")).toMatchObject({ authenticated: true });
  });

  it("is empty for a supergraph without authorization directives", () => {
    const sdl = composeSupergraph({
      s: { sdl: `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"]) type Query { a: String }` },
    });
    expect(buildAuthorizationIndex(sdl).empty).toBe(true);
    expect(protectedCoordinates(sdl)).toEqual([]);
  });
});

describe("directive names from @link", () => {
  const names = (links: string) =>
    Object.fromEntries(
      Object.entries(linkedAuthDirectives(parse(`schema ${links} { query: Query } type Query { a: Int }`))).map(([k, v]) => [k, v.name]),
    );

  it("uses the spec name by default, the link's `as:` namespace, or the imported name", () => {
    expect(
      names(`@link(url: "https://specs.apollo.dev/link/v1.0") @link(url: "https://specs.apollo.dev/authenticated/v0.1", for: SECURITY)`),
    ).toEqual({
      authenticated: "authenticated",
    });
    expect(
      names(`@link(url: "https://specs.apollo.dev/link/v1.0") @link(url: "https://specs.apollo.dev/requiresScopes/v0.1", as: "rs")`),
    ).toEqual({ requiresScopes: "rs" });
    expect(
      names(
        `@link(url: "https://specs.apollo.dev/link/v1.0") @link(url: "https://specs.apollo.dev/policy/v0.1", import: [{ name: "@policy", as: "@can" }])`,
      ),
    ).toEqual({
      policy: "can",
    });
    expect(
      names(`@link(url: "https://specs.apollo.dev/link/v1.0") @link(url: "https://specs.apollo.dev/policy/v0.1", import: ["@policy"])`),
    ).toEqual({ policy: "policy" });
  });

  it("follows a renamed @link itself", () => {
    expect(
      names(`@lk(url: "https://specs.apollo.dev/link/v1.0", as: "lk") @lk(url: "https://specs.apollo.dev/authenticated/v0.1", as: "auth")`),
    ).toEqual({ authenticated: "auth" });
  });

  it("ignores same-named directives that are not linked", () => {
    expect(names(`@link(url: "https://specs.apollo.dev/link/v1.0")`)).toEqual({});
    const sdl = `schema @link(url: "https://specs.apollo.dev/link/v1.0") { query: Query } directive @authenticated on FIELD_DEFINITION type Query { a: Int @authenticated }`;
    expect(buildAuthorizationIndex(sdl).empty).toBe(true);
  });
});
