import { createLogger, ROLE_SCOPES, type Role, type Viewer } from "@amazoff/kit";
import fc from "fast-check";
import { defaultFieldResolver, execute, parse, type GraphQLFieldResolver, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { composeSupergraph } from "../../test/support/compose.ts";
import { ACCOUNTS_SDL, SHOP_SDL } from "../../test/support/schemas.ts";
import { unauthorizedError } from "./authorize-operation.ts";
import { buildAuthorizationIndex } from "./directives-index.ts";
import { filterOperation } from "./filter-operation.ts";
import { mergeDenied } from "./merge-denied.ts";
import { createPolicyEvaluator } from "./policies.ts";
import { requirementAllows } from "./requirements.ts";

/*
 * A differential test: filtering + merging must give exactly what GraphQL execution gives when
 * every unauthorized field's resolver throws (nulls, error paths, null propagation), for random
 * operations and callers. Type-conditioned fragments and interface fields are left to the
 * example-based tests: a resolver does not see the static type a selection was made on.
 */
const index = buildAuthorizationIndex(composeSupergraph({ shop: { sdl: SHOP_SDL }, accounts: { sdl: ACCOUNTS_SDL } }));
const evaluatePolicy = createPolicyEvaluator(createLogger({ service: "test", level: "silent" }));

const product = {
  id: "1",
  name: "Lamp",
  price: 10,
  cost: 4,
  margin: 6,
  supplier: { id: "s1", name: "Acme" },
  status: "ACTIVE",
  reviewCount: 2,
};
const root = {
  publicNote: "public",
  staffNote: "staff",
  partnerNote: "partner",
  inventoryReport: "report",
  product: () => product,
  products: [product, { ...product, id: "2", supplier: null }],
  me: { id: "u1", email: "u1@example.com", displayName: "U" },
};

const viewers: (Viewer | null)[] = [
  null,
  ...(["CUSTOMER", "EMPLOYEE", "ADMIN", "PARTNER"] as Role[]).map((role) => ({
    userId: role,
    role,
    scopes: new Set<string>(ROLE_SCOPES[role]),
    via: "session" as const,
    tokenId: "t",
  })),
  { userId: "p", role: "PARTNER", scopes: new Set(["catalog:read"]), via: "api-key", tokenId: "t" },
];

const productField = fc.constantFrom(
  "name",
  "price",
  "cost",
  "margin",
  "status",
  "reviewCount",
  "supplier { name }",
  "supplier { id name }",
  "__typename",
);
const alias = fc.option(fc.constantFrom("a", "b", "c"), { nil: undefined });
const selections = (fields: fc.Arbitrary<string>) =>
  fc
    .uniqueArray(fc.tuple(alias, fields), { minLength: 1, maxLength: 4, selector: ([a, f]) => a ?? f.split(" ")[0] })
    .map((list) => list.map(([a, f]) => (a ? `${a}: ${f}` : f)).join(" "));
const rootField = fc.oneof(
  fc.constantFrom("publicNote", "staffNote", "partnerNote", "inventoryReport"),
  selections(productField).map((s) => `product(id: "1") { ${s} }`),
  selections(productField).map((s) => `products { ${s} }`),
  selections(fc.constantFrom("id", "email", "displayName")).map((s) => `me { ${s} }`),
);
const operation = fc
  .uniqueArray(fc.tuple(fc.constantFrom("x", "y", "z", ""), rootField), {
    minLength: 1,
    maxLength: 4,
    selector: ([a, f]) => a || f.split(/[ ({]/)[0],
  })
  .map((list) => `{ ${list.map(([a, f]) => (a ? `${a}: ${f}` : f)).join(" ")} }`);

function reference(query: string, viewer: Viewer | null) {
  const fieldResolver: GraphQLFieldResolver<unknown, unknown> = (source, args, context, info) => {
    const requirement = index.fieldRequirement(info.parentType.name, info.fieldName);
    if (requirement && !requirementAllows(requirement, viewer, evaluatePolicy))
      throw Object.assign(new Error("denied"), { extensions: { code: viewer ? "FORBIDDEN" : "UNAUTHENTICATED" } });
    return defaultFieldResolver(source, args, context, info);
  };
  return execute({ schema: index.schema, document: parse(query), rootValue: root, fieldResolver }) as {
    data?: unknown;
    errors?: readonly { path?: readonly (string | number)[]; extensions: Record<string, unknown> }[];
  };
}

const errorKeys = (errors: readonly { path?: readonly (string | number)[]; extensions: Record<string, unknown> }[] = []) =>
  errors.map((e) => `${JSON.stringify(e.path)} ${String(e.extensions.code)}`).sort();
const hasLeafValue = (value: unknown): boolean =>
  value !== null &&
  (typeof value !== "object" || Object.entries(value as object).some(([key, v]) => key !== "__typename" && hasLeafValue(v)));

describe("filter + merge against GraphQL execution semantics", () => {
  it("agrees on data, error paths and codes, for any operation and caller", () => {
    fc.assert(
      fc.property(operation, fc.constantFrom(...viewers), (query, viewer) => {
        const expected = reference(query, viewer);
        const document = parse(query);
        const op = document.definitions[0] as OperationDefinitionNode;
        const filtered = filterOperation({ index, document, operation: op, viewer, evaluatePolicy, variables: {} });
        if (filtered.nothingAuthorized) {
          // Rejected up front: execution would have served nothing either.
          expect(expected.errors?.length).toBeGreaterThan(0);
          expect(hasLeafValue(expected.data)).toBe(false);
          return;
        }
        const result = execute({ schema: index.schema, document: filtered.document, rootValue: root }) as {
          data?: Record<string, unknown>;
        };
        const merged = mergeDenied({
          schema: index.schema,
          document,
          operation: op,
          variables: {},
          denied: filtered.denied,
          data: result.data,
          errorAt: (path) => unauthorizedError(viewer, path),
        });
        expect(merged.data).toEqual(expected.data);
        expect(errorKeys(merged.errors)).toEqual(errorKeys(expected.errors));
      }),
      { numRuns: 300 },
    );
  });
});
