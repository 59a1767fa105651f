import { createLogger, ROLE_SCOPES, type Role, type Viewer } from "@amazoff/kit";
import { execute, parse, print, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { composeSupergraph } from "../../test/support/compose.ts";
import { ACCOUNTS_SDL, SHOP_SDL } from "../../test/support/schemas.ts";
import { buildAuthorizationIndex } from "./directives-index.ts";
import { filterOperation } from "./filter-operation.ts";
import { mergeDenied } from "./merge-denied.ts";
import { createPolicyEvaluator } from "./policies.ts";
import { unauthorizedError } from "./authorize-operation.ts";
import { variablesWithDefaults } from "./skip-include.ts";

const index = buildAuthorizationIndex(composeSupergraph({ shop: { sdl: SHOP_SDL }, accounts: { sdl: ACCOUNTS_SDL } }));
const evaluatePolicy = createPolicyEvaluator(createLogger({ service: "test", level: "silent" }));

const as = (role: Role, via: Viewer["via"] = "session"): Viewer => ({
  userId: `${role.toLowerCase()}-1`,
  role,
  scopes: new Set(ROLE_SCOPES[role]),
  via,
  tokenId: "t",
});
const anonymous = null;
const customer = as("CUSTOMER");
const employee = as("EMPLOYEE");

const products = [
  { id: "1", name: "Lamp", price: 10, cost: 4, margin: 6, supplier: { id: "s1", name: "Acme" }, status: "ACTIVE", reviewCount: 3 },
  { id: "2", name: "Desk", price: 99, cost: 50, margin: 49, supplier: null, status: "HIDDEN", reviewCount: 0 },
];
let restocked = 0;
const root = {
  products,
  product: ({ id }: { id: string }) => products.find((p) => p.id === id) ?? null,
  search: [
    { __typename: "Product", ...products[0] },
    { __typename: "Supplier", id: "s1", name: "Acme" },
    { __typename: "Product", ...products[1] },
  ],
  feed: [
    { __typename: "Article", id: "a1", title: "Hello", notes: "article notes" },
    { __typename: "Memo", id: "m1", title: "Q3", notes: "memo notes", body: "numbers" },
  ],
  publicNote: "public",
  staffNote: "staff",
  partnerNote: "partner",
  inventoryReport: "report",
  me: { id: "u1", email: "ann@example.com", displayName: "Ann" },
  whoami: "x",
  ping: "pong",
  restock: ({ id }: { id: string }) => {
    restocked++;
    return products.find((p) => p.id === id);
  },
};

/**
 * What the router does: filter, run the filtered operation (graphql-js over the supergraph schema
 * stands in for the gateway), merge the denials back. Errors are reduced to path and code.
 */
function run(query: string, viewer: Viewer | null, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === "OperationDefinition")!;
  const values = variablesWithDefaults(operation, variables);
  const filtered = filterOperation({ index, document, operation, viewer, evaluatePolicy, variables: values });
  if (filtered.nothingAuthorized) return { filtered, rejected: filtered.denials.map((d) => d.path), data: undefined, errors: [] };
  const result = execute({ schema: index.schema, document: filtered.document, rootValue: root, variableValues: values }) as {
    data?: Record<string, unknown>;
    errors?: unknown[];
  };
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  const merged = mergeDenied({
    schema: index.schema,
    document,
    operation,
    variables: values,
    denied: filtered.denied,
    data: result.data,
    errorAt: (path) => unauthorizedError(viewer, path),
  });
  return { filtered, rejected: null, data: merged.data, errors: merged.errors.map((e) => ({ path: e.path, code: e.extensions.code })) };
}

describe("filtering an operation by the viewer's rights", () => {
  it("leaves an operation with nothing protected in it untouched", () => {
    const { filtered, errors } = run(`{ products { name price } publicNote }`, anonymous);
    expect(filtered.unchanged).toBe(true);
    expect(errors).toEqual([]);
  });

  it("serves the rest and answers a denied field with null and an error at its path", () => {
    const anon = run(`{ publicNote staffNote }`, anonymous);
    expect(anon.data).toEqual({ publicNote: "public", staffNote: null });
    expect(anon.errors).toEqual([{ path: ["staffNote"], code: "UNAUTHENTICATED" }]);
    expect(print(anon.filtered.document)).not.toContain("staffNote");

    const signedIn = run(`{ publicNote staffNote }`, customer);
    expect(signedIn.errors).toEqual([{ path: ["staffNote"], code: "FORBIDDEN" }]);
    expect(run(`{ publicNote staffNote }`, employee).data).toEqual({ publicNote: "public", staffNote: "staff" });
  });

  it("reports aliases at their response keys, in the client's order", () => {
    const { data, errors } = run(`{ a: staffNote b: publicNote c: staffNote }`, customer);
    expect(Object.keys(data!)).toEqual(["a", "b", "c"]);
    expect(data).toEqual({ a: null, b: "public", c: null });
    expect(errors.map((e) => e.path)).toEqual([["a"], ["c"]]);
  });

  it("protects every field returning a protected object type", () => {
    const query = `{ product(id: "1") { name supplier { name } } }`;
    expect(run(query, customer)).toMatchObject({
      data: { product: { name: "Lamp", supplier: null } },
      errors: [{ path: ["product", "supplier"], code: "FORBIDDEN" }],
    });
    expect(run(query, employee)).toMatchObject({ data: { product: { name: "Lamp", supplier: { name: "Acme" } } }, errors: [] });
  });

  it("protects fields returning a protected scalar or enum, on top of their own requirement", () => {
    const query = `{ product(id: "1") { name cost status } }`;
    expect(run(query, anonymous).errors).toEqual([
      { path: ["product", "cost"], code: "UNAUTHENTICATED" },
      { path: ["product", "status"], code: "UNAUTHENTICATED" },
    ]);
    // Signed in (Money's @authenticated holds) but without inventory:read / catalog:write.
    expect(run(query, customer).errors).toEqual([
      { path: ["product", "cost"], code: "FORBIDDEN" },
      { path: ["product", "status"], code: "FORBIDDEN" },
    ]);
    expect(run(query, employee)).toMatchObject({ data: { product: { name: "Lamp", cost: 4, status: "ACTIVE" } }, errors: [] });
  });

  it("gives one error per list position", () => {
    const { data, errors } = run(`{ products { name cost } }`, customer);
    expect(data).toEqual({
      products: [
        { name: "Lamp", cost: null },
        { name: "Desk", cost: null },
      ],
    });
    expect(errors.map((e) => e.path)).toEqual([
      ["products", 0, "cost"],
      ["products", 1, "cost"],
    ]);
  });

  it("propagates a denied non-null field to the nearest nullable parent", () => {
    const single = run(`{ product(id: "1") { name margin } publicNote }`, customer);
    expect(single.data).toEqual({ product: null, publicNote: "public" });
    expect(single.errors).toEqual([{ path: ["product", "margin"], code: "FORBIDDEN" }]);

    // products: [Product!]! — nothing nullable until the root.
    const list = run(`{ products { name margin } publicNote }`, customer);
    expect(list.data).toBeNull();
    expect(list.errors.map((e) => e.path)).toEqual([["products", 0, "margin"]]);
  });

  it("filters named fragments once, and reports them wherever they are spread", () => {
    const { filtered, data, errors } = run(
      `query { product(id: "2") { ...Card } products { ...Card } }
       fragment Card on Product { name cost }`,
      customer,
    );
    expect(print(filtered.document)).toMatch(/fragment Card on Product \{\s+name\s+\}/);
    expect(data).toEqual({
      product: { name: "Desk", cost: null },
      products: [
        { name: "Lamp", cost: null },
        { name: "Desk", cost: null },
      ],
    });
    expect(errors.map((e) => e.path)).toEqual([
      ["product", "cost"],
      ["products", 0, "cost"],
      ["products", 1, "cost"],
    ]);
  });

  it("removes an inline fragment on a protected union member, only for objects of that type", () => {
    const query = `{ search(text: "a") { ... on Product { name } ... on Supplier { name } } }`;
    const { data, errors } = run(query, customer);
    // Supplier.name is non-null: the Supplier item itself becomes null (the list's items are nullable).
    expect(data).toEqual({ search: [{ name: "Lamp" }, null, { name: "Desk" }] });
    expect(errors).toEqual([{ path: ["search", 1, "name"], code: "FORBIDDEN" }]);
    expect(run(query, employee).data).toEqual({ search: [{ name: "Lamp" }, { name: "Acme" }, { name: "Desk" }] });
  });

  it("checks fields on an interface against every implementation, and inline fragments against theirs", () => {
    const onInterface = run(`{ feed { title notes } }`, customer);
    expect(onInterface.data).toEqual({
      feed: [
        { title: "Hello", notes: null },
        { title: "Q3", notes: null },
      ],
    });
    expect(onInterface.errors.map((e) => e.path)).toEqual([
      ["feed", 0, "notes"],
      ["feed", 1, "notes"],
    ]);

    const perType = run(`{ feed { title ... on Article { notes } ... on Memo { body } } }`, customer);
    expect(perType.data).toEqual({
      feed: [
        { title: "Hello", notes: "article notes" },
        { title: "Q3", body: null },
      ],
    });
    expect(perType.errors).toEqual([{ path: ["feed", 1, "body"], code: "FORBIDDEN" }]);

    const anon = run(`{ feed { title ... on Article { notes } } }`, anonymous);
    expect(anon.errors).toEqual([{ path: ["feed", 0, "notes"], code: "UNAUTHENTICATED" }]);
    expect(run(`{ feed { title notes ... on Memo { body } } }`, employee).errors).toEqual([]);
  });

  it("does not run a denied mutation field, and runs the others", () => {
    restocked = 0;
    const { data, errors } = run(`mutation { ping restock(id: "1", quantity: 5) { id } }`, customer);
    expect(data).toEqual({ ping: "pong", restock: null });
    expect(errors).toEqual([{ path: ["restock"], code: "FORBIDDEN" }]);
    expect(restocked).toBe(0);
    run(`mutation { restock(id: "1", quantity: 5) { id } }`, employee);
    expect(restocked).toBe(1);
  });

  it("rejects an operation in which nothing is authorized, before execution", () => {
    expect(run(`{ staffNote me { id } }`, anonymous).rejected).toEqual([["staffNote"], ["me"]]);
    // `product` itself is allowed, but nothing under it: nothing would be served.
    expect(run(`{ product(id: "1") { margin } }`, customer).rejected).toEqual([["product", "margin"]]);
    expect(run(`{ __typename staffNote }`, anonymous).rejected).toBeNull();
  });

  it("evaluates @skip and @include with the request's variables", () => {
    const query = `query ($x: Boolean! = false) { publicNote staffNote @include(if: $x) }`;
    expect(run(query, anonymous)).toMatchObject({ data: { publicNote: "public" }, errors: [] });
    expect(run(query, anonymous, { x: true }).errors).toEqual([{ path: ["staffNote"], code: "UNAUTHENTICATED" }]);
  });

  it("applies policies that depend on how the caller signed in", () => {
    const query = `{ publicNote partnerNote }`;
    expect(run(query, as("PARTNER", "session")).errors).toEqual([]);
    expect(run(query, as("PARTNER", "api-key")).errors).toEqual([{ path: ["partnerNote"], code: "FORBIDDEN" }]);
    expect(run(query, as("ADMIN")).errors).toEqual([]);
  });

  it("names each filtered form of a document differently (query plan cache key)", () => {
    const query = `{ publicNote me { id } product(id: "1") { name cost } }`;
    const anon = run(query, anonymous).filtered.signature;
    const cust = run(query, customer).filtered.signature;
    expect(anon).not.toBe(cust);
    // Same denials, same filtered document: the plan can be shared.
    expect(run(query, as("PARTNER")).filtered.signature).toBe(cust);
  });
});
