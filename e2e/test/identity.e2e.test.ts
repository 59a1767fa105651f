import { randomUUID } from "node:crypto";
import { errorCodes, graphqlClient } from "@amazoff/kit/testing";
import { protectedCoordinates, requirementAllows } from "@amazoff/router";
import { ROLE_SCOPES, type Viewer } from "@amazoff/kit";
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isAbstractType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from "graphql";
import jwt from "jsonwebtoken";
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoAccounts } from "../../subgraphs/users/src/seed/demo-accounts.ts";
import { eventually } from "./helpers.ts";
import { startPlatform, type Platform } from "./platform.ts";
import { newShopper, signIn } from "./shoppers.ts";

let platform: Platform;
let schema: GraphQLSchema;

beforeAll(async () => {
  platform = await startPlatform({ products: 20 });
  // The API schema as the router serves it.
  const introspection = await platform.query(getIntrospectionQuery());
  schema = buildClientSchema(introspection.data as never);
}, 180_000);
afterAll(() => platform?.stop());

describe("sessions through the router", () => {
  it("signs up, reads itself, refreshes with rotation and logs out", async () => {
    const shopper = await newShopper(platform, "10.20.0.1");
    const me = await shopper.client(`{ me { id email role } }`);
    expect(me.data!.me).toMatchObject({ id: shopper.userId, email: shopper.email, role: "CUSTOMER" });

    const login = await platform.as({ "x-forwarded-for": "10.20.0.2" })(
      `mutation($e: String!) { login(email: $e, password: "Correct-Horse-2026") { refreshToken } }`,
      { e: shopper.email },
    );
    const first = login.data!.login.refreshToken as string;
    const rotated = await platform.query(`mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken } }`, {
      t: first,
    });
    expect(rotated.data!.refreshSession.refreshToken).not.toBe(first);
    // The rotated token no longer works, and presenting it revokes the whole family.
    expect(
      errorCodes(await platform.query(`mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }`, { t: first })),
    ).toEqual(["UNAUTHENTICATED"]);
    expect(
      errorCodes(
        await platform.query(`mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }`, {
          t: rotated.data!.refreshSession.refreshToken,
        }),
      ),
    ).toEqual(["UNAUTHENTICATED"]);
  });

  it("sign-up, login and refresh payloads carry the signed-in user's private fields; elsewhere they stay denied", async () => {
    const anonymous = platform.as({ "x-forwarded-for": "10.20.1.1" });
    const email = `payload-${randomUUID().slice(0, 8)}@example.com`;
    const signup = await anonymous(
      `mutation($e: String!) { signup(email: $e, password: "Correct-Horse-2026", displayName: "Payload") { refreshToken user { id email role createdAt addresses { id } } } }`,
      { e: email },
    );
    expect(signup.errors).toBeUndefined();
    const user = signup.data!.signup.user;
    expect(user).toMatchObject({ email, role: "CUSTOMER", addresses: [] });
    expect(Date.parse(user.createdAt)).not.toBeNaN();

    const login = await anonymous(
      `mutation($e: String!) { login(email: $e, password: "Correct-Horse-2026") { user { id email role displayName } } }`,
      { e: email },
    );
    expect(login.errors).toBeUndefined();
    expect(login.data!.login.user).toEqual({ id: user.id, email, role: "CUSTOMER", displayName: "Payload" });

    const refreshed = await platform.query(`mutation($t: String!) { refreshSession(refreshToken: $t) { user { id email role } } }`, {
      t: signup.data!.signup.refreshToken,
    });
    expect(refreshed.errors).toBeUndefined();
    expect(refreshed.data!.refreshSession.user).toEqual({ id: user.id, email, role: "CUSTOMER" });

    // The same account's private fields, asked for anywhere else, are still denied to anonymous callers.
    const elsewhere = await platform.query(`query($id: ID!) { user(id: $id) { email } }`, { id: user.id });
    expect(errorCodes(elsewhere)).toEqual(["UNAUTHENTICATED"]);
    expect(errorCodes(await platform.query(`{ me { email role } }`))).toEqual(["UNAUTHENTICATED"]);
  });

  it("refuses forged, expired and garbage tokens with 401 before any subgraph", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const forged = jwt.sign({ role: "ADMIN", scope: "users:admin", jti: randomUUID() }, privateKey, {
      algorithm: "RS256",
      keyid: "not-ours",
      subject: randomUUID(),
      issuer: "amazoff-users",
      audience: "amazoff",
      expiresIn: 60,
    });
    for (const token of [forged, "garbage", `${forged.split(".")[0]}.e30.`]) {
      const response = await platform.as({ authorization: `Bearer ${token}` })(`{ products(first: 1) { totalCount } }`);
      expect(response.status).toBe(401);
      expect(errorCodes(response)).toEqual(["UNAUTHENTICATED"]);
      expect(response.data ?? null).toBeNull();
    }
  });

  it("gives a subgraph called directly with a forged token nothing private (defense in depth)", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const forged = jwt.sign({ role: "ADMIN", scope: "users:admin users:read:any", jti: randomUUID() }, privateKey, {
      algorithm: "RS256",
      keyid: "forged",
      subject: randomUUID(),
      issuer: "amazoff-users",
      audience: "amazoff",
      expiresIn: 60,
    });
    for (const name of ["users", "orders", "cart", "catalog", "inventory", "payments", "comments"] as const) {
      const response = await graphqlClient(platform.urls[name], { authorization: `Bearer ${forged}` })(`{ __typename }`);
      expect(errorCodes(response), name).toEqual(["UNAUTHENTICATED"]);
    }
    const anonymous = await graphqlClient(platform.urls.users)(`{ users(first: 5) { totalCount } }`);
    expect(errorCodes(anonymous)).toEqual(["UNAUTHENTICATED"]);
  });
});

describe("partners' API keys", () => {
  it("works as x-api-key with the key's scopes, and stops working within seconds of its revocation (its exchange stays cached)", async () => {
    const admin = await signIn(platform, "ADMIN");
    const partner = demoAccounts().find((a) => a.role === "PARTNER")!;
    const created = await admin(
      `mutation($p: ID!) { createApiKey(partnerId: $p, name: "e2e", scopes: ["catalog:read"]) { apiKey { id } secret } }`,
      { p: partner.id },
    );
    expect(created.errors).toBeUndefined();
    const key = created.data!.createApiKey.secret as string;
    const asPartner = platform.as({ "x-api-key": key });
    expect((await asPartner(`{ products(first: 1) { totalCount } }`)).data!.products.totalCount).toBe(20);
    // A staff-only field is denied to the partner key.
    expect(errorCodes(await asPartner(`{ orders(first: 1) { totalCount } }`))).toEqual(["FORBIDDEN"]);

    await admin(`mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id: created.data!.createApiKey.apiKey.id });
    const refused = await eventually(async () => {
      const response = await asPartner(`{ products(first: 1) { totalCount } }`);
      if (response.status !== 401) throw new Error(`still accepted (${response.status})`);
      return response;
    }, 5_000);
    expect(errorCodes(refused)).toEqual(["UNAUTHENTICATED"]);
  });
});

/** Root fields anyone may call. Every other root field must carry an authorization directive. */
const PUBLIC_ROOT_FIELDS = new Set([
  "Query.product",
  "Query.productBySlug",
  "Query.products",
  "Query.category",
  "Query.categoryBySlug",
  "Query.categories",
  "Query.stores",
  "Query.store",
  "Query.cart",
  "Query.comments",
  "Mutation.signup",
  "Mutation.login",
  "Mutation.refreshSession",
  "Mutation.createGuestCart",
  "Mutation.addToCart",
  "Mutation.updateCartItem",
  "Mutation.removeCartItem",
  "Mutation.clearCart",
]);

/** Non-root fields and types that hold staff-only or owner-only data. */
const MUST_BE_PROTECTED = [
  "Product.supplier",
  "Product.stockLevels",
  "Supplier",
  "StockAdjustment",
  "StockLevel",
  "User.email",
  "User.addresses",
  "User.orders",
  "User.cart",
  "Order.payment",
  "Comment.deletionReason",
];

function literal(type: GraphQLInputType): string {
  if (isNonNullType(type)) return literal(type.ofType);
  if (isListType(type)) return `[${literal(type.ofType)}]`;
  const named = getNamedType(type);
  if (isEnumType(named)) return named.getValues()[0]!.name;
  if (isInputObjectType(named)) {
    const fields = Object.values(named.getFields()).filter((f) => isNonNullType(f.type));
    return `{ ${fields.map((f) => `${f.name}: ${literal(f.type)}`).join(", ")} }`;
  }
  switch (named.name) {
    case "Int":
    case "Float":
      return "1";
    case "Boolean":
      return "false";
    default:
      return `"${randomUUID()}"`;
  }
}

function operationFor(root: "Query" | "Mutation", field: GraphQLField<unknown, unknown>): string {
  const args = field.args.filter((a) => isNonNullType(a.type)).map((a) => `${a.name}: ${literal(a.type)}`);
  const named = getNamedType(field.type);
  const selection = isObjectType(named) || isAbstractType(named) ? " { __typename }" : "";
  return `${root === "Query" ? "query" : "mutation"} { ${field.name}${args.length ? `(${args.join(", ")})` : ""}${selection} }`;
}

const customerViewer: Viewer = {
  userId: randomUUID(),
  role: "CUSTOMER",
  scopes: new Set(ROLE_SCOPES.CUSTOMER),
  via: "session",
  tokenId: "t",
};

describe("every protected field is denied to those it is not for", () => {
  it("protects every root field that is not explicitly public, and every sensitive field", () => {
    const protectedSet = new Set(protectedCoordinates(platform.supergraphSdl).map((c) => c.coordinate));
    const unprotected: string[] = [];
    for (const root of ["Query", "Mutation"] as const) {
      for (const name of Object.keys(
        schema.getType(root) && isObjectType(schema.getType(root))
          ? (schema.getType(root) as never as { getFields(): Record<string, unknown> }).getFields()
          : {},
      )) {
        const coordinate = `${root}.${name}`;
        if (!PUBLIC_ROOT_FIELDS.has(coordinate) && !protectedSet.has(coordinate)) unprotected.push(coordinate);
      }
    }
    expect(unprotected, "root fields without an authorization directive (add one, or list them as public)").toEqual([]);
    for (const coordinate of MUST_BE_PROTECTED) expect(protectedSet.has(coordinate), coordinate).toBe(true);
  });

  it("denies each protected root field to anonymous callers, and to customers when customers lack its scope", async () => {
    let customer = await signIn(platform, "CUSTOMER");
    const coordinates = protectedCoordinates(platform.supergraphSdl).filter(
      (c) => c.kind === "field" && (c.typeName === "Query" || c.typeName === "Mutation"),
    );
    expect(coordinates.length).toBeGreaterThan(15);
    for (const coordinate of coordinates) {
      const root = coordinate.typeName as "Query" | "Mutation";
      const field = (schema.getType(root) as never as { getFields(): Record<string, GraphQLField<unknown, unknown>> }).getFields()[
        coordinate.fieldName!
      ]!;
      const operation = operationFor(root, field);
      const anonymous = await platform.query(operation);
      expect(errorCodes(anonymous), `${coordinate.coordinate} as anonymous`).toEqual(["UNAUTHENTICATED"]);
      const asCustomer = await customer(operation);
      const allowed = requirementAllows(coordinate.requirement, customerViewer, (policy) => policy === "customer" || policy === "session");
      if (!allowed) expect(errorCodes(asCustomer), `${coordinate.coordinate} as a customer`).toEqual(["FORBIDDEN"]);
      else expect(errorCodes(asCustomer), `${coordinate.coordinate} as a customer`).not.toContain("FORBIDDEN");
      // `logout` ended that session, and the revocation reaches every service within a second.
      if (coordinate.coordinate === "Mutation.logout") customer = await signIn(platform, "CUSTOMER");
    }
  });

  it("denies owner-only data of one customer to another customer and to anonymous callers", async () => {
    const alice = await newShopper(platform, "10.21.0.1");
    const bob = await newShopper(platform, "10.21.0.2");
    const staff = await signIn(platform, "EMPLOYEE");
    // Staff can look Alice up; Bob can neither list users nor read Alice's private fields.
    const asStaff = await staff(`query($id: ID!) { user(id: $id) { email addresses { city } } }`, { id: alice.userId });
    expect(asStaff.data!.user.email).toBe(alice.email);
    expect(errorCodes(await bob.client(`query($id: ID!) { user(id: $id) { email } }`, { id: alice.userId }))).toEqual(["FORBIDDEN"]);
    // Alice's address id used by Bob in his own mutations is not his.
    const update = await bob.client(`mutation($id: ID!) { updateAddress(id: $id, input: { city: "Elsewhere" }) { id } }`, {
      id: alice.addressId,
    });
    expect(errorCodes(update).some((c) => c === "FORBIDDEN" || c === "NOT_FOUND")).toBe(true);
    expect((await alice.client(`{ me { addresses { city } } }`)).data!.me.addresses[0].city).toBe("Springfield");
  });
});
