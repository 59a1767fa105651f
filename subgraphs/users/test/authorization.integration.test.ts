import { randomUUID } from "node:crypto";
import { errorCodes, type GraphQLClient } from "@amazoff/kit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestServer, type SignedIn, type UsersTestServer } from "./test-server.ts";

// Calling the subgraph directly, past the router: every private field and every protected
// operation must be refused here too, whatever the router would have done.

let server: UsersTestServer;
let owner: SignedIn;
let otherCustomer: SignedIn;
let employee: SignedIn;
let admin: SignedIn;
let partnerToken: string;

beforeAll(async () => {
  server = await createTestServer();
  [owner, otherCustomer, employee, admin] = await Promise.all([
    server.signIn(),
    server.signIn(),
    server.signIn({ role: "EMPLOYEE" }),
    server.signIn({ role: "ADMIN" }),
  ]);
  await owner.query(
    `mutation { createAddress(input: { fullName: "O", line1: "1 Main St", city: "Springfield", postalCode: "12345", country: "US" }) { id } }`,
  );
  const partner = await server.createUser({ role: "PARTNER" });
  const key = await admin.query(`mutation($p: ID!) { createApiKey(partnerId: $p, name: "k", scopes: ["catalog:read"]) { secret } }`, {
    p: partner.id,
  });
  const exchange = await server.exchangeApiKey(key.data!.createApiKey.secret);
  partnerToken = ((await exchange.json()) as { accessToken: string }).accessToken;
});
afterAll(() => server?.stop());

const ENTITY = /* GraphQL */ `
  query($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { id displayName email role createdAt addresses { id line1 } } } }
`;
const PRIVATE_FIELDS = ["email", "role", "createdAt", "addresses"];

async function readOwner(client: GraphQLClient) {
  const response = await client(ENTITY, { reps: [{ __typename: "User", id: owner.id }] });
  return { response, user: (response.data?._entities as Record<string, unknown>[] | undefined)?.[0] };
}

describe("private fields of a user", () => {
  it.each([
    ["no token", () => server.query, "UNAUTHENTICATED"],
    ["another customer", () => otherCustomer.query, "FORBIDDEN"],
    ["a partner's API-key token", () => server.client({ token: partnerToken }), "FORBIDDEN"],
  ])("are null with %s (%s), the public ones stay readable", async (_who, client, code) => {
    const { response, user } = await readOwner(client());
    expect(user).toEqual({ id: owner.id, displayName: "Test CUSTOMER", email: null, role: null, createdAt: null, addresses: null });
    expect(new Set(errorCodes(response))).toEqual(new Set([code]));
    expect(response.errors!.map((e) => e.path!.at(-1)).sort()).toEqual([...PRIVATE_FIELDS].sort());
  });

  it.each([
    ["the owner", () => owner],
    ["an employee (users:read:any)", () => employee],
    ["an admin", () => admin],
  ])("are readable by %s", async (_who, viewer) => {
    const { response, user } = await readOwner(viewer().query);
    expect(response.errors).toBeUndefined();
    expect(user).toMatchObject({ id: owner.id, email: owner.email, role: "CUSTOMER", addresses: [{ line1: "1 Main St" }] });
  });
});

describe("staff queries", () => {
  const QUERIES = [`query($id: ID!) { user(id: $id) { id } }`, `{ users { totalCount } }`];

  it.each(QUERIES)("%s: UNAUTHENTICATED without a token, FORBIDDEN for customers and partners", async (query) => {
    const variables = { id: owner.id };
    expect(errorCodes(await server.query(query, variables))).toEqual(["UNAUTHENTICATED"]);
    expect(errorCodes(await owner.query(query, variables))).toEqual(["FORBIDDEN"]);
    expect(errorCodes(await server.client({ token: partnerToken })(query, variables))).toEqual(["FORBIDDEN"]);
    expect((await employee.query(query, variables)).errors).toBeUndefined();
  });

  it("apiKeys is for admins only", async () => {
    const query = `query($p: ID!) { apiKeys(partnerId: $p) { totalCount } }`;
    const variables = { p: randomUUID() };
    expect(errorCodes(await server.query(query, variables))).toEqual(["UNAUTHENTICATED"]);
    expect(errorCodes(await owner.query(query, variables))).toEqual(["FORBIDDEN"]);
    expect(errorCodes(await employee.query(query, variables))).toEqual(["FORBIDDEN"]);
    expect((await admin.query(query, variables)).data!.apiKeys.totalCount).toBe(0);
  });
});

describe("mutations", () => {
  const unique = () => `${randomUUID().slice(0, 8)}@example.com`;
  const OWN = [
    [`mutation { updateProfile(displayName: "Hacked") { id } }`, {}],
    [`mutation { changePassword(currentPassword: "correct horse battery", newPassword: "hacked hacked hacked") }`, {}],
    [`mutation { createAddress(input: { fullName: "X", line1: "X", city: "X", postalCode: "1", country: "US" }) { id } }`, {}],
    [`mutation { logout }`, {}],
  ] as const;
  const ADMIN_ONLY = () =>
    [
      [`mutation($e: String!) { createEmployee(email: $e, displayName: "E", password: "employee password") { id } }`, { e: unique() }],
      [`mutation($e: String!) { createPartner(email: $e, displayName: "P") { id } }`, { e: unique() }],
      [`mutation($u: ID!) { changeUserRole(userId: $u, role: ADMIN) { id } }`, { u: otherCustomer.id }],
      [`mutation($p: ID!) { createApiKey(partnerId: $p, name: "n", scopes: ["catalog:read"]) { secret } }`, { p: randomUUID() }],
      [`mutation($k: ID!) { revokeApiKey(id: $k) { id } }`, { k: randomUUID() }],
    ] as const;

  it.each(OWN)("%s needs a token", async (mutation, variables) => {
    expect(errorCodes(await server.query(mutation, variables))).toEqual(["UNAUTHENTICATED"]);
  });

  it("own-account mutations are refused to API-key tokens (no users:write:own)", async () => {
    for (const [mutation, variables] of OWN.slice(0, 3)) {
      expect(errorCodes(await server.client({ token: partnerToken })(mutation, variables))).toEqual(["FORBIDDEN"]);
    }
  });

  it("staff mutations: UNAUTHENTICATED without a token, FORBIDDEN for customers and employees", async () => {
    const usersBefore = await server.db.prisma.user.count();
    for (const [mutation, variables] of ADMIN_ONLY()) {
      expect(errorCodes(await server.query(mutation, variables)), mutation).toEqual(["UNAUTHENTICATED"]);
      expect(errorCodes(await owner.query(mutation, variables)), mutation).toEqual(["FORBIDDEN"]);
      expect(errorCodes(await employee.query(mutation, variables)), mutation).toEqual(["FORBIDDEN"]);
    }
    expect(await server.db.prisma.user.count()).toBe(usersBefore);
  });

  it("an employee cannot promote themselves or anyone", async () => {
    for (const userId of [employee.id, otherCustomer.id]) {
      const response = await employee.query(`mutation($u: ID!) { changeUserRole(userId: $u, role: ADMIN) { id } }`, { u: userId });
      expect(errorCodes(response)).toEqual(["FORBIDDEN"]);
    }
    expect((await server.db.prisma.user.findUniqueOrThrow({ where: { id: employee.id } })).role).toBe("EMPLOYEE");
  });

  it("a customer cannot edit another customer's address", async () => {
    const address = await server.db.prisma.address.findFirstOrThrow({ where: { userId: owner.id } });
    const update = await otherCustomer.query(`mutation($id: ID!) { updateAddress(id: $id, input: { city: "Elsewhere" }) { id } }`, {
      id: address.id,
    });
    expect(errorCodes(update)).toEqual(["FORBIDDEN"]);
    const remove = await otherCustomer.query(`mutation($id: ID!) { deleteAddress(id: $id) }`, { id: address.id });
    expect(errorCodes(remove)).toEqual(["FORBIDDEN"]);
    expect(await server.db.prisma.address.findUniqueOrThrow({ where: { id: address.id } })).toMatchObject({ city: "Springfield" });
  });
});
