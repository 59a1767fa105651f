import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestServer, type SignedIn, type TestUser, type UsersTestServer } from "./test-server.ts";

let server: UsersTestServer;
let users: TestUser[];
let employee: SignedIn;
beforeAll(async () => {
  server = await createTestServer();
  users = await Promise.all(Array.from({ length: 25 }, (_, i) => server.createUser({ displayName: `Reviewer ${i}` })));
  employee = await server.signIn({ role: "EMPLOYEE" });
});
afterAll(() => server?.stop());

const ENTITIES = /* GraphQL */ `
  query Entities($representations: [_Any!]!) {
    _entities(representations: $representations) { ... on User { id displayName } }
  }
`;

/**
 * The SELECTs the request ran: the revocation feed this subgraph polls every second runs its own
 * SELECT on the same pool at any moment, and is no part of what the request costs.
 */
const requestSelects = () => server.statements.filter((sql) => /^\s*SELECT/i.test(sql) && !/\brevoked_at\b/.test(sql));

describe("federation", () => {
  it("resolves many User references with one SQL statement, in order, null for unknown or malformed ids", async () => {
    const representations = [
      ...users.map((u) => ({ __typename: "User", id: u.id })),
      { __typename: "User", id: "00000000-0000-4000-8000-000000000000" },
      { __typename: "User", id: "'; DROP TABLE users; --" },
      { __typename: "User", id: users[0]!.id.toUpperCase() },
    ];
    server.statements.length = 0;
    const response = await server.query(ENTITIES, { representations });
    expect(response.errors).toBeUndefined();
    const entities = response.data!._entities as ({ id: string; displayName: string } | null)[];
    expect(entities).toHaveLength(28);
    expect(entities.slice(0, 25)).toEqual(users.map((u, i) => ({ id: u.id, displayName: `Reviewer ${i}` })));
    expect(entities[25]).toBeNull();
    expect(entities[26]).toBeNull();
    expect(entities[27]).toMatchObject({ id: users[0]!.id });
    const selects = requestSelects();
    expect(selects).toHaveLength(1);
    expect(selects[0]).toMatch(/FROM users WHERE id = ANY/);
  });

  it("batches private fields too: the owner check needs no extra query, addresses one", async () => {
    server.statements.length = 0;
    const response = await employee.query(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { email addresses { id } } } }`,
      {
        r: users.slice(0, 10).map((u) => ({ __typename: "User", id: u.id })),
      },
    );
    expect(response.errors).toBeUndefined();
    expect((response.data!._entities as { email: string }[]).map((u) => u.email)).toEqual(users.slice(0, 10).map((u) => u.email));
    const selects = requestSelects();
    expect(selects).toHaveLength(2);
  });

  it("exposes the subgraph SDL with the key and the authorization directives", async () => {
    const response = await server.query(`{ _service { sdl } }`);
    const sdl = response.data!._service.sdl as string;
    expect(sdl).toMatch(/type User\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/me: User @authenticated/);
    expect(sdl).toMatch(/email: String @requiresScopes\(scopes: \[\["users:read:own"\], \["users:read:any"\]\]\)/);
    expect(sdl).toMatch(/changeUserRole\([^)]*\): User! @requiresScopes\(scopes: \[\["users:admin"\]\]\)/s);
  });

  it("answers /health and /ready", async () => {
    expect((await fetch(`${server.origin}/health`)).status).toBe(200);
    expect(await (await fetch(`${server.origin}/ready`)).json()).toMatchObject({ status: "ready", service: "users" });
  });
});
