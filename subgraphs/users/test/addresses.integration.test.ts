import { errorCodes } from "@amazoff/kit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_ADDRESSES } from "../src/addresses/address.service.ts";
import { createTestServer, type SignedIn, type UsersTestServer } from "./test-server.ts";

let server: UsersTestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(() => server?.stop());

const FIELDS = `id fullName line1 line2 city region postalCode country phone isDefault`;
const CREATE = `mutation($input: AddressInput!) { createAddress(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: AddressUpdateInput!) { updateAddress(id: $id, input: $input) { ${FIELDS} } }`;
const DELETE = `mutation($id: ID!) { deleteAddress(id: $id) }`;
const MINE = `{ me { addresses { id line1 isDefault } } }`;

const home = { fullName: "Ada Lovelace", line1: "12 St James's Square", city: "London", postalCode: "SW1Y 4JH", country: "gb" };

async function create(user: SignedIn, input: Record<string, unknown> = home) {
  const response = await user.query(CREATE, { input });
  expect(response.errors).toBeUndefined();
  return response.data!.createAddress as { id: string; isDefault: boolean };
}

describe("addresses", () => {
  it("creates, normalises and lists addresses; the first is the default", async () => {
    const user = await server.signIn();
    const first = await create(user, { ...home, line2: "  ", region: " Westminster ", phone: "+44 20 7946 0000" });
    expect(first).toMatchObject({
      fullName: "Ada Lovelace",
      country: "GB",
      line2: null,
      region: "Westminster",
      phone: "+44 20 7946 0000",
      isDefault: true,
    });
    const second = await create(user, { ...home, line1: "1 Other Road" });
    expect(second.isDefault).toBe(false);
    const list = (await user.query(MINE)).data!.me.addresses;
    expect(list.map((a: { id: string }) => a.id)).toEqual([first.id, second.id]);
  });

  it("moves the default when another address is made the default, keeping exactly one", async () => {
    const user = await server.signIn();
    const a = await create(user);
    const b = await create(user, { ...home, isDefault: true });
    expect(b.isDefault).toBe(true);
    let list = (await user.query(MINE)).data!.me.addresses;
    expect(list).toEqual([
      { id: b.id, line1: home.line1, isDefault: true },
      { id: a.id, line1: home.line1, isDefault: false },
    ]);
    await user.query(UPDATE, { id: a.id, input: { isDefault: true } });
    list = (await user.query(MINE)).data!.me.addresses;
    expect(list.filter((x: { isDefault: boolean }) => x.isDefault).map((x: { id: string }) => x.id)).toEqual([a.id]);
    const refuse = await user.query(UPDATE, { id: a.id, input: { isDefault: false } });
    expect(errorCodes(refuse)).toEqual(["BAD_USER_INPUT"]);
  });

  it("updates given fields only, null clears optional ones", async () => {
    const user = await server.signIn();
    const a = await create(user, { ...home, phone: "555-0100 123" });
    const response = await user.query(UPDATE, { id: a.id, input: { city: "Cambridge", phone: null } });
    expect(response.data!.updateAddress).toMatchObject({ city: "Cambridge", phone: null, line1: home.line1, country: "GB" });
  });

  it("deletes an address; the oldest remaining one becomes the default", async () => {
    const user = await server.signIn();
    const a = await create(user);
    const b = await create(user, { ...home, line1: "B" });
    const c = await create(user, { ...home, line1: "C" });
    expect((await user.query(DELETE, { id: a.id })).data!.deleteAddress).toBe(a.id);
    const list = (await user.query(MINE)).data!.me.addresses;
    expect(list).toEqual([
      { id: b.id, line1: "B", isDefault: true },
      { id: c.id, line1: "C", isDefault: false },
    ]);
    expect(errorCodes(await user.query(DELETE, { id: a.id }))).toEqual(["NOT_FOUND"]);
  });

  it(`keeps at most ${MAX_ADDRESSES} addresses per account, even under concurrent creations`, async () => {
    const user = await server.signIn();
    const results = await Promise.all(
      Array.from({ length: MAX_ADDRESSES + 5 }, (_, i) => user.query(CREATE, { input: { ...home, line1: `No. ${i}` } })),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(MAX_ADDRESSES);
    expect(new Set(results.flatMap(errorCodes))).toEqual(new Set(["CONFLICT"]));
    expect(await server.db.prisma.address.count({ where: { userId: user.id } })).toBe(MAX_ADDRESSES);
    expect(await server.db.prisma.address.count({ where: { userId: user.id, isDefault: true } })).toBe(1);
  });

  it.each([
    [{ fullName: "" }, "input.fullName"],
    [{ fullName: "x".repeat(101) }, "input.fullName"],
    [{ line1: "   " }, "input.line1"],
    [{ line1: "line\nbreak" }, "input.line1"],
    [{ line2: "y".repeat(201) }, "input.line2"],
    [{ city: "\u0000" }, "input.city"],
    [{ region: "r".repeat(101) }, "input.region"],
    [{ postalCode: "" }, "input.postalCode"],
    [{ postalCode: "12#45" }, "input.postalCode"],
    [{ postalCode: "1".repeat(21) }, "input.postalCode"],
    [{ country: "XX" }, "input.country"],
    [{ country: "USA" }, "input.country"],
    [{ country: "EU" }, "input.country"],
    [{ phone: "call me" }, "input.phone"],
    [{ phone: "12" }, "input.phone"],
    [{ phone: "+1 2345678901234567" }, "input.phone"],
  ])("refuses %j with BAD_USER_INPUT naming %s, writing nothing", async (override, field) => {
    const user = await server.signIn();
    const response = await user.query(CREATE, { input: { ...home, ...override } });
    expect(errorCodes(response)).toEqual(["BAD_USER_INPUT"]);
    expect(response.errors![0]!.extensions!.field).toBe(field);
    expect(await server.db.prisma.address.count({ where: { userId: user.id } })).toBe(0);
  });

  it("refuses empty updates, null for required fields and malformed ids", async () => {
    const user = await server.signIn();
    const a = await create(user);
    expect(errorCodes(await user.query(UPDATE, { id: a.id, input: {} }))).toEqual(["BAD_USER_INPUT"]);
    const nulled = await user.query(UPDATE, { id: a.id, input: { city: null } });
    expect(errorCodes(nulled)).toEqual(["BAD_USER_INPUT"]);
    expect(nulled.errors![0]!.extensions!.field).toBe("input.city");
    expect(errorCodes(await user.query(UPDATE, { id: "nope", input: { city: "X" } }))).toEqual(["BAD_USER_INPUT"]);
    expect(errorCodes(await user.query(UPDATE, { id: "00000000-0000-4000-8000-000000000000", input: { city: "X" } }))).toEqual([
      "NOT_FOUND",
    ]);
  });

  it("disappear with their account (cascade)", async () => {
    const user = await server.signIn();
    await create(user);
    await server.db.prisma.user.delete({ where: { id: user.id } });
    expect(await server.db.prisma.address.count({ where: { userId: user.id } })).toBe(0);
  });

  it("are loaded for many users with one statement", async () => {
    const employee = await server.signIn({ role: "EMPLOYEE" });
    server.statements.length = 0;
    const response = await employee.query(`{ users(first: 50) { edges { node { id addresses { id } } } } }`);
    expect(response.errors).toBeUndefined();
    expect(server.statements.filter((sql) => /\bFROM "?addresses"?/i.test(sql))).toHaveLength(1);
  });
});
