import { createHash } from "node:crypto";
import { errorCodes } from "@amazoff/kit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestServer, freshAddress, LOGIN, type SignedIn, type UsersTestServer } from "./test-server.ts";

let server: UsersTestServer;
let owner: SignedIn;
let other: SignedIn;
let employee: SignedIn;
let admin: SignedIn;
beforeAll(async () => {
  server = await createTestServer();
  [owner, other, employee, admin] = await Promise.all([
    server.signIn(),
    server.signIn(),
    server.signIn({ role: "EMPLOYEE" }),
    server.signIn({ role: "ADMIN" }),
  ]);
  for (const [user, line1] of [
    [owner, "1 Owner Road"],
    [owner, "2 Owner Road"],
    [other, "9 Other Avenue"],
  ] as const) {
    const response = await user.query(`mutation($i: AddressInput!) { createAddress(input: $i) { id } }`, {
      i: { fullName: "Full Name", line1, city: "Springfield", postalCode: "12345", country: "US", phone: "+1 555 010 0000" },
    });
    expect(response.errors).toBeUndefined();
  }
  // A second session (another device) of the owner, and one failed sign-in on the owner's email.
  expect(
    (await server.client({ address: freshAddress() })(LOGIN, { email: owner.email, password: owner.password })).errors,
  ).toBeUndefined();
  expect(errorCodes(await server.client({ address: freshAddress() })(LOGIN, { email: owner.email, password: "not the password" }))).toEqual(
    ["UNAUTHENTICATED"],
  );
  // Only partners get API keys through the API; a key row of the owner's own shows what the export keeps of one.
  await server.db.prisma.apiKey.create({
    data: { userId: owner.id, name: "Owner key", prefix: "own3rkey", secretHash: sha256("owner-secret"), scopes: ["catalog:read"] },
  });
  await server.db.prisma.apiKey.create({
    data: { userId: other.id, name: "Other key", prefix: "0therkey", secretHash: sha256("other-secret"), scopes: ["catalog:read"] },
  });
});
afterAll(() => server?.stop());

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
const claims = (token: string) => JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8")) as { sid?: string };

const EXPORT = `{ exportMyData { userId generatedAt account } }`;
const ENTITY = /* GraphQL */ `
  query($reps: [_Any!]!) { _entities(representations: $reps) { ... on PersonalDataExport { userId generatedAt account } } }
`;
const reference = (userId: string) => ({ reps: [{ __typename: "PersonalDataExport", userId }] });

interface Account {
  profile: Record<string, unknown>;
  addresses: Record<string, unknown>[];
  sessions: Record<string, unknown>[];
  apiKeys: Record<string, unknown>[];
  signInFailures: { failures: number } | null;
}

describe("exportMyData", () => {
  it("holds the caller's profile, addresses, sessions and API key metadata", async () => {
    const before = Date.now();
    const response = await owner.query(EXPORT);
    expect(response.errors).toBeUndefined();
    const { userId, generatedAt, account } = response.data!.exportMyData as { userId: string; generatedAt: string; account: Account };
    expect(userId).toBe(owner.id);
    expect(Date.parse(generatedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(account.profile).toEqual({
      id: owner.id,
      email: owner.email,
      displayName: "Test CUSTOMER",
      role: "CUSTOMER",
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(account.addresses.map((a) => a.line1)).toEqual(["1 Owner Road", "2 Owner Road"]);
    expect(account.addresses[0]).toMatchObject({
      fullName: "Full Name",
      city: "Springfield",
      postalCode: "12345",
      country: "US",
      phone: "+1 555 010 0000",
      isDefault: true,
    });
    const sessions = await server.db.prisma.session.findMany({ where: { userId: owner.id } });
    expect(sessions).toHaveLength(2);
    expect(account.sessions.map((s) => s.id).sort()).toEqual(sessions.map((s) => s.id).sort());
    expect(account.sessions.map((s) => s.id)).toContain(claims(owner.accessToken).sid);
    expect(Object.keys(account.sessions[0]!).sort()).toEqual([
      "createdAt",
      "expiresAt",
      "id",
      "lastRefreshedAt",
      "revokedAt",
      "revokedReason",
    ]);
    expect(account.apiKeys).toEqual([
      {
        id: expect.any(String),
        name: "Owner key",
        prefix: "own3rkey",
        scopes: ["catalog:read"],
        createdAt: expect.any(String),
        lastUsedAt: null,
        expiresAt: null,
        revokedAt: null,
      },
    ]);
    expect(account.signInFailures).toMatchObject({ failures: 1 });
  });

  it("contains nothing of other users and no password, token or key hashes", async () => {
    const text = JSON.stringify((await owner.query(EXPORT)).data);
    const otherRow = await server.db.prisma.user.findUniqueOrThrow({ where: { id: other.id } });
    for (const foreign of [other.id, other.email, "9 Other Avenue", "Other key", "0therkey", employee.email, admin.email])
      expect(text).not.toContain(foreign);
    const ownerRow = await server.db.prisma.user.findUniqueOrThrow({ where: { id: owner.id } });
    const tokenHashes = await server.db.prisma.refreshToken.findMany({
      where: { session: { userId: owner.id } },
      select: { tokenHash: true },
    });
    const secrets = [ownerRow.passwordHash!, otherRow.passwordHash!, sha256("owner-secret"), ...tokenHashes.map((t) => t.tokenHash)];
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/passwordHash|password_hash|secretHash|tokenHash|\$scrypt\$/);
  });

  it("needs a signed-in, running session with users:read:own (not a partner's API-key token)", async () => {
    expect(errorCodes(await server.query(EXPORT))).toEqual(["UNAUTHENTICATED"]);
    const partner = await server.createUser({ role: "PARTNER" });
    const key = await admin.query(`mutation($p: ID!) { createApiKey(partnerId: $p, name: "k", scopes: ["catalog:read"]) { secret } }`, {
      p: partner.id,
    });
    const exchange = await server.exchangeApiKey(key.data!.createApiKey.secret);
    const partnerToken = ((await exchange.json()) as { accessToken: string }).accessToken;
    expect(errorCodes(await server.client({ token: partnerToken })(EXPORT))).toEqual(["FORBIDDEN"]);
    const leaving = await server.signIn();
    expect((await leaving.query(`mutation { logout }`)).errors).toBeUndefined();
    expect(errorCodes(await leaving.query(EXPORT))).toEqual(["UNAUTHENTICATED"]);
  });
});

describe("PersonalDataExport entity references", () => {
  it("resolve for the person themself (the router's way to add other subgraphs' parts)", async () => {
    const response = await owner.query(ENTITY, reference(owner.id.toUpperCase()));
    expect(response.errors).toBeUndefined();
    const [entity] = response.data!._entities as { userId: string; account: Account }[];
    expect(entity!.userId).toBe(owner.id);
    expect(entity!.account.profile.email).toBe(owner.email);
  });

  it.each([
    ["another customer", () => other.query, "FORBIDDEN"],
    ["an employee (users:read:any)", () => employee.query, "FORBIDDEN"],
    ["an admin", () => admin.query, "FORBIDDEN"],
    ["no token", () => server.query, "UNAUTHENTICATED"],
  ])("are refused to %s: null and %s, nothing leaked", async (_who, client, code) => {
    const response = await client()(ENTITY, reference(owner.id));
    expect(response.data!._entities).toEqual([null]);
    expect(errorCodes(response)).toEqual([code]);
    expect(JSON.stringify(response)).not.toContain(owner.email);
  });

  it("refuse malformed ids like anyone else's", async () => {
    const response = await owner.query(ENTITY, reference("'; DROP TABLE users; --"));
    expect(response.data!._entities).toEqual([null]);
    expect(errorCodes(response)).toEqual(["FORBIDDEN"]);
  });

  it("are declared in the SDL: an entity keyed by userId, exportMyData behind @authenticated", async () => {
    const sdl = (await server.query(`{ _service { sdl } }`)).data!._service.sdl as string;
    expect(sdl).toMatch(/type PersonalDataExport\s+@key\(fields: "userId"\)/);
    expect(sdl).toMatch(/exportMyData: PersonalDataExport! @authenticated/);
    expect(sdl).toMatch(/scalar JSON/);
    expect(sdl).toMatch(/deleteMyAccount\([^)]*\): Boolean! @authenticated/s);
    expect(sdl).toMatch(/deleteUser\([^)]*\): Boolean! @requiresScopes\(scopes: \[\["users:admin"\]\]\)/s);
  });
});
