import { generateKeyPairSync, randomUUID, type KeyObject } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createLogger, internalAuthorization, internalClient, type InternalClient, type Role } from "@amazoff/kit";
import { graphqlClient, type GraphQLClient } from "@amazoff/kit/testing";
import { createTestDatabase, type TestDatabase } from "@amazoff/db/testing";
import { inject } from "vitest";
import { PasswordHasher } from "../src/auth/password-hasher.ts";
import { createUsersDb, type UsersDb } from "../src/db.ts";
import type { UsersEnv } from "../src/env.ts";
import { startUsers } from "../src/server.ts";

/** scrypt cost of the tests: 2^8 keeps 500-input property runs fast (production refuses < 15). */
export const TEST_SCRYPT_COST = 8;

/** The internal API secret of the test server (`/internal/...` endpoints). */
export const TEST_INTERNAL_SECRET = "users-test-internal-secret";

export interface TestUser {
  id: string;
  email: string;
  password: string;
  role: Role;
}

export interface SignedIn extends TestUser {
  accessToken: string;
  refreshToken: string;
  /** A client that sends this user's access token. */
  query: GraphQLClient;
}

export interface UsersTestServer {
  /** The GraphQL endpoint. */
  url: string;
  /** `http://localhost:<port>`, for the other routes. */
  origin: string;
  /** A client of the internal endpoints, with the right secret. */
  internal: InternalClient;
  /** An anonymous client. */
  query: GraphQLClient;
  db: UsersDb;
  database: TestDatabase;
  /** SQL statements run since start-up (clear it with `.length = 0`). */
  statements: string[];
  /** `POST /internal/api-keys/exchange` as the router sends it (internal secret, client address). */
  exchangeApiKey(apiKey: string, options?: { address?: string }): Promise<Response>;
  /** A client with a token and/or a client address (`x-forwarded-for`). */
  client(options?: { token?: string; address?: string }): GraphQLClient;
  /** An account written straight to the database (any role), with a known password. */
  createUser(options?: { role?: Role; email?: string; password?: string; displayName?: string }): Promise<TestUser>;
  /** `createUser` then `login`, from a fresh client address. */
  signIn(options?: { role?: Role; email?: string; password?: string }): Promise<SignedIn>;
  /** Lets every throttled subject try again now (simulates the waits passing). */
  endThrottleWaits(): Promise<void>;
  stop(): Promise<void>;
}

export const newPrivateKey = (): KeyObject => generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;

/** A fresh client address per call, so tests do not share per-address throttling. */
let addressCounter = 0;
export const freshAddress = () => {
  addressCounter += 1;
  return `10.${(process.pid >> 8) & 255}.${(addressCounter >> 8) & 255}.${addressCounter & 255}`;
};

export const LOGIN = /* GraphQL */ `
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) { accessToken refreshToken expiresIn tokenType user { id email role } }
  }
`;

/**
 * A users subgraph on a random port over a fresh database of its own (copied from the migrated
 * template), signing with `keys` (PEM files written to a temporary folder, the first signs).
 */
export async function createTestServer(options: { keys?: KeyObject[]; env?: Partial<UsersEnv> } = {}): Promise<UsersTestServer> {
  const database = await createTestDatabase(inject("pgAdminUrl"), "users");
  const keyDir = await mkdtemp(path.join(os.tmpdir(), "users-keys-"));
  const keyPaths = await Promise.all(
    (options.keys ?? [newPrivateKey()]).map(async (key, i) => {
      const file = path.join(keyDir, `key-${i}.pem`);
      await writeFile(file, key.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
      return file;
    }),
  );
  const statements: string[] = [];
  const db = createUsersDb(database.url, { poolSize: 4, onQuery: (sql) => statements.push(sql) });
  const env: UsersEnv = {
    PORT: 0,
    HOST: "127.0.0.1",
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    USERS_DATABASE_URL: database.url,
    USERS_DB_POOL_SIZE: 4,
    SEED_DEMO_DATA: false,
    USERS_SIGNING_KEYS: keyPaths,
    USERS_SCRYPT_COST: TEST_SCRYPT_COST,
    INTERNAL_API_SECRET: TEST_INTERNAL_SECRET,
    ...options.env,
  };
  const server = await startUsers(env, createLogger({ service: "users", level: "silent" }), db);
  const hasher = new PasswordHasher(TEST_SCRYPT_COST);
  const client = (o: { token?: string; address?: string } = {}) =>
    graphqlClient(server.url, {
      ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
      ...(o.address ? { "x-forwarded-for": o.address } : {}),
    });

  const createUser: UsersTestServer["createUser"] = async (o = {}) => {
    const role = o.role ?? "CUSTOMER";
    const email = o.email ?? `${role.toLowerCase()}-${randomUUID().slice(0, 8)}@example.com`;
    const password = o.password ?? "correct horse battery";
    const user = await db.prisma.user.create({
      data: {
        email,
        displayName: o.displayName ?? `Test ${role}`,
        role,
        passwordHash: role === "PARTNER" ? null : await hasher.hash(password),
      },
    });
    return { id: user.id, email, password, role };
  };

  return {
    url: server.url,
    origin: new URL(server.url).origin,
    internal: internalClient(new URL(server.url).origin, TEST_INTERNAL_SECRET),
    query: client(),
    db,
    database,
    statements,
    client,
    exchangeApiKey: (apiKey, o = {}) =>
      fetch(`${new URL(server.url).origin}/internal/api-keys/exchange`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: internalAuthorization(TEST_INTERNAL_SECRET),
          ...(o.address ? { "x-forwarded-for": o.address } : {}),
        },
        body: JSON.stringify({ apiKey }),
      }),
    createUser,
    async signIn(o = {}) {
      const user = await createUser(o);
      const response = await client({ address: freshAddress() })(LOGIN, { email: user.email, password: user.password });
      if (!response.data?.login) throw new Error(`sign-in failed: ${JSON.stringify(response.errors)}`);
      const { accessToken, refreshToken } = response.data.login;
      return { ...user, accessToken, refreshToken, query: client({ token: accessToken, address: freshAddress() }) };
    },
    async endThrottleWaits() {
      await db.prisma.authThrottle.updateMany({ where: { lockedUntil: { not: null } }, data: { lockedUntil: null } });
    },
    async stop() {
      await server.stop();
      await db.close();
      await database.drop();
      await rm(keyDir, { recursive: true, force: true });
    },
  };
}
