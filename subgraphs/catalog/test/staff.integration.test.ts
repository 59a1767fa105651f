import { randomUUID } from "node:crypto";
import { demoCategories, demoProducts } from "@amazoff/demo-data";
import { errorCodes, startTestIssuer, type TestIssuer } from "@amazoff/kit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestServer, type CatalogTestServer } from "./test-server.ts";

const demo = [...demoProducts(40)];
const leaf = demoCategories().find((c) => c.slug === "laptops")!;

let server: CatalogTestServer;
let issuer: TestIssuer;
let staff: Record<string, string>;
let customer: Record<string, string>;

beforeAll(async () => {
  issuer = await startTestIssuer();
  server = await createTestServer({ products: 40, usersJwksUrl: issuer.jwksUrl });
  staff = issuer.headers(randomUUID(), "EMPLOYEE");
  customer = issuer.headers(randomUUID(), "CUSTOMER");
});
afterAll(async () => {
  await server?.stop();
  await issuer?.stop();
});

const CREATE = /* GraphQL */ `
  mutation Create($input: CreateProductInput!) {
    createProduct(input: $input) { id sku name slug status tags price { amount currency } category { id } supplier { name } }
  }
`;

const validInput = (overrides: Record<string, unknown> = {}) => ({
  sku: `new-${randomUUID().slice(0, 8)}`,
  name: "Northwind Aero 13 Laptop, Intel Core i7",
  description: "A light laptop for travel.",
  price: { amount: 129_900, currency: "USD" },
  categoryId: leaf.id,
  tags: ["Laptop", "travel", "travel"],
  ...overrides,
});

describe("products (staff)", () => {
  it("creates a product with a generated slug and normalised SKU and tags", async () => {
    const response = await server.query(CREATE, { input: validInput({ sku: "nw-aero-13" }) }, staff);
    expect(response.errors).toBeUndefined();
    expect(response.data!.createProduct).toMatchObject({
      sku: "NW-AERO-13",
      slug: "northwind-aero-13-laptop-intel-core-i7",
      status: "ACTIVE",
      tags: ["laptop", "travel"],
      price: { amount: 129_900 },
    });
    // the same name again gets a distinct slug
    const again = await server.query(CREATE, { input: validInput() }, staff);
    expect(again.data!.createProduct.slug).toMatch(/^northwind-aero-13-laptop-intel-core-i7-[0-9a-f]{6}$/);
  });

  it.each([
    [{ sku: "a" }, "input.sku"],
    [{ name: " " }, "input.name"],
    [{ description: "x".repeat(5001) }, "input.description"],
    [{ price: { amount: -1, currency: "USD" } }, "input.price.amount"],
    [{ price: { amount: 100, currency: "EUR" } }, "input.price.currency"],
    [{ categoryId: "electronics" }, "input.categoryId"],
    [{ categoryId: randomUUID() }, "input.categoryId"],
    [{ supplierId: randomUUID() }, "input.supplierId"],
    [{ tags: ["Not A Tag!"] }, "input.tags"],
    [{ slug: "Bad Slug" }, "input.slug"],
  ])("rejects %j with BAD_USER_INPUT on %s, writing nothing", async (overrides, field) => {
    const before = await server.db.prisma.product.count();
    const response = await server.query(CREATE, { input: validInput(overrides) }, staff);
    expect(errorCodes(response)).toEqual(["BAD_USER_INPUT"]);
    expect(response.errors![0]!.extensions!.field).toBe(field);
    expect(await server.db.prisma.product.count()).toBe(before);
  });

  it.each([
    ["a right-to-left override in the name", { name: "Cheap charger \u202Egnp.exe" }, "input.name"],
    ["a bidi isolate in the name", { name: "Lamp \u2067x\u2069" }, "input.name"],
    ["an escape sequence in the name", { name: "Lamp \u001b[31m" }, "input.name"],
    ["a line break in the name", { name: "Lamp\nDesk" }, "input.name"],
    ["a right-to-left override in the description", { description: "Nice.\u202E" }, "input.description"],
    ["a name too long in characters (emoji are one each)", { name: "🙂".repeat(201) }, "input.name"],
  ])("refuses %s (the kit's text rules), writing nothing", async (_case, overrides, field) => {
    const before = await server.db.prisma.product.count();
    const response = await server.query(CREATE, { input: validInput(overrides) }, staff);
    expect(errorCodes(response)).toEqual(["BAD_USER_INPUT"]);
    expect(response.errors![0]!.extensions!.field).toBe(field);
    expect(await server.db.prisma.product.count()).toBe(before);
  });

  it("stores names NFC-normalised, counts them in characters, and keeps a description's lines", async () => {
    const response = await server.query(
      `mutation($input: CreateProductInput!) { createProduct(input: $input) { name description } }`,
      { input: validInput({ name: `Cafe\u0301 Lamp ${"🙂".repeat(150)}`, description: "Line one.\r\nLine two." }) },
      staff,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.createProduct).toEqual({ name: `Caf\u00e9 Lamp ${"🙂".repeat(150)}`, description: "Line one.\nLine two." });
  });

  it("reports a duplicate SKU as CONFLICT naming the field", async () => {
    const response = await server.query(CREATE, { input: validInput({ sku: demo[0]!.sku }) }, staff);
    expect(errorCodes(response)).toEqual(["CONFLICT"]);
    expect(response.errors![0]!.extensions!.field).toBe("input.sku");
  });

  it("denies every write to anonymous callers and customers", async () => {
    expect(errorCodes(await server.query(CREATE, { input: validInput() }))).toEqual(["UNAUTHENTICATED"]);
    expect(errorCodes(await server.query(CREATE, { input: validInput() }, customer))).toEqual(["FORBIDDEN"]);
    const update = `mutation($id: ID!) { updateProduct(id: $id, input: { name: "Hacked" }) { id } }`;
    expect(errorCodes(await server.query(update, { id: demo[0]!.id }, customer))).toEqual(["FORBIDDEN"]);
    const archive = `mutation($id: ID!) { archiveProduct(id: $id) { id } }`;
    expect(errorCodes(await server.query(archive, { id: demo[0]!.id }, customer))).toEqual(["FORBIDDEN"]);
    expect((await server.db.prisma.product.findUniqueOrThrow({ where: { id: demo[0]!.id } })).name).toBe(demo[0]!.name);
  });

  it("updates only the fields given", async () => {
    const product = demo[1]!;
    const response = await server.query(
      `mutation($id: ID!) { updateProduct(id: $id, input: { price: { amount: 4242, currency: "USD" } }) { name price { amount } } }`,
      { id: product.id },
      staff,
    );
    expect(response.data!.updateProduct).toEqual({ name: product.name, price: { amount: 4242 } });
    expect(
      errorCodes(
        await server.query(`mutation($id: ID!) { updateProduct(id: $id, input: { name: "x" }) { id } }`, { id: randomUUID() }, staff),
      ),
    ).toEqual(["BAD_USER_INPUT"]);
    expect(
      errorCodes(
        await server.query(`mutation($id: ID!) { updateProduct(id: $id, input: { name: "Valid" }) { id } }`, { id: randomUUID() }, staff),
      ),
    ).toEqual(["NOT_FOUND"]);
  });

  it("archives a product: gone from listings and search, still resolvable by id and reference", async () => {
    const product = demo[2]!;
    await server.query(`mutation($id: ID!) { archiveProduct(id: $id) { status } }`, { id: product.id }, staff);
    const listed = await server.query(`{ products(first: 100) { edges { node { id } } } }`);
    expect(listed.data!.products.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(product.id);
    const found = await server.query(`query($q: String) { products(query: $q, first: 100) { edges { node { id } } } }`, {
      q: product.name,
    });
    expect(found.data!.products.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(product.id);
    expect((await server.query(`query($id: ID!) { product(id: $id) { status } }`, { id: product.id })).data!.product).toEqual({
      status: "ARCHIVED",
    });
    const staffList = await server.query(`{ products(first: 100, filter: { includeArchived: true }) { totalCount } }`, {}, staff);
    expect(staffList.data!.products.totalCount).toBeGreaterThan(listed.data!.products.edges.length - 1);
    await server.query(`mutation($id: ID!) { restoreProduct(id: $id) { status } }`, { id: product.id }, staff);
  });
});

describe("suppliers (staff only)", () => {
  it("hides suppliers from customers and anonymous callers", async () => {
    const query = `query($id: ID!) { product(id: $id) { name supplier { name } } }`;
    const asCustomer = await server.query(query, { id: demo[3]!.id }, customer);
    expect(asCustomer.data!.product).toMatchObject({ name: demo[3]!.name, supplier: null });
    expect(errorCodes(asCustomer)).toEqual(["FORBIDDEN"]);
    expect(errorCodes(await server.query(`{ suppliers { totalCount } }`))).toEqual(["UNAUTHENTICATED"]);
    const asStaff = await server.query(query, { id: demo[3]!.id }, staff);
    expect(asStaff.data!.product.supplier.name).toEqual(expect.any(String));
  });

  it("creates, lists and updates suppliers with validation", async () => {
    const create = `mutation($input: CreateSupplierInput!) { createSupplier(input: $input) { id name country contactEmail } }`;
    const created = await server.query(
      create,
      { input: { name: "Acme Parts Ltd", country: "gb", contactEmail: "Buy@Acme.example" } },
      staff,
    );
    expect(created.data!.createSupplier).toMatchObject({ name: "Acme Parts Ltd", country: "GB", contactEmail: "buy@acme.example" });
    expect(errorCodes(await server.query(create, { input: { name: "Acme Parts Ltd" } }, staff))).toEqual(["CONFLICT"]);
    expect(errorCodes(await server.query(create, { input: { name: "Bad", country: "GBR" } }, staff))).toEqual(["BAD_USER_INPUT"]);
    // Two letters are not enough: the code must be an assigned ISO 3166-1 country.
    expect(errorCodes(await server.query(create, { input: { name: "Bad", country: "XX" } }, staff))).toEqual(["BAD_USER_INPUT"]);
    expect(errorCodes(await server.query(create, { input: { name: "Bad", contactEmail: "a@b..example" } }, staff))).toEqual([
      "BAD_USER_INPUT",
    ]);
    const list = await server.query(`{ suppliers(first: 2) { totalCount edges { node { name } } pageInfo { hasNextPage } } }`, {}, staff);
    expect(list.data!.suppliers.totalCount).toBeGreaterThanOrEqual(7);
    expect(list.data!.suppliers.pageInfo.hasNextPage).toBe(true);
    const update = await server.query(
      `mutation($id: ID!) { updateSupplier(id: $id, input: { contactEmail: null }) { contactEmail } }`,
      { id: created.data!.createSupplier.id },
      staff,
    );
    expect(update.data!.updateSupplier.contactEmail).toBeNull();
  });
});

describe("categories (staff)", () => {
  it("creates a subcategory and refuses to move a category under its own subtree", async () => {
    const parent = demoCategories().find((c) => c.slug === "electronics")!;
    const created = await server.query(
      `mutation($input: CreateCategoryInput!) { createCategory(input: $input) { id slug parent { id } } }`,
      { input: { name: "Tablets", parentId: parent.id } },
      staff,
    );
    expect(created.data!.createCategory).toMatchObject({ slug: "tablets", parent: { id: parent.id } });
    const cycle = await server.query(
      `mutation($id: ID!, $parent: ID!) { updateCategory(id: $id, input: { parentId: $parent }) { id } }`,
      { id: parent.id, parent: created.data!.createCategory.id },
      staff,
    );
    expect(errorCodes(cycle)).toEqual(["BAD_USER_INPUT"]);
    const duplicate = await server.query(`mutation { createCategory(input: { name: "Tablets" }) { id } }`, {}, staff);
    expect(errorCodes(duplicate)).toEqual(["CONFLICT"]);
    expect(errorCodes(await server.query(`mutation { createCategory(input: { name: "Nope" }) { id } }`, {}, customer))).toEqual([
      "FORBIDDEN",
    ]);
  });
});
