import { EnvError } from "@amazoff/kit";
import { describeProductionGuards } from "@amazoff/kit/testing";
import { describe, expect, it } from "vitest";
import { loadUsersToolEnv, parseUsersEnv } from "./env.ts";

const base = { USERS_DATABASE_URL: "postgresql://u:p@localhost:5432/users", INTERNAL_API_SECRET: "s".repeat(16) };
const production = {
  ...base,
  NODE_ENV: "production",
  INTERNAL_API_SECRET: "7c1e9a4f0b3d8e2a6c5f1b9d4e7a0c3f8b2d6e1a",
  USERS_SIGNING_KEYS: "/run/secrets/key.pem",
};

describe("users env", () => {
  it("has development defaults: port 4002, scrypt cost 15, no keys (an ephemeral one is generated)", () => {
    expect(parseUsersEnv(base)).toMatchObject({
      PORT: 4002,
      USERS_SCRYPT_COST: 15,
      USERS_SIGNING_KEYS: [],
      SEED_DEMO_DATA: false,
      NODE_ENV: "development",
    });
  });

  it("splits USERS_SIGNING_KEYS on commas", () => {
    expect(parseUsersEnv({ ...base, USERS_SIGNING_KEYS: " /a.pem, /b.pem ,," }).USERS_SIGNING_KEYS).toEqual(["/a.pem", "/b.pem"]);
  });

  it("requires signing keys and full scrypt cost in production, reporting both", () => {
    try {
      parseUsersEnv({ ...base, NODE_ENV: "production", USERS_SCRYPT_COST: "8" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      expect((error as EnvError).problems.join("\n")).toMatch(/USERS_SIGNING_KEYS[\s\S]*USERS_SCRYPT_COST/);
    }
    expect(parseUsersEnv({ ...production, USERS_SIGNING_KEYS: "/k.pem" }).USERS_SCRYPT_COST).toBe(15);
  });

  it("requires an internal API secret of at least 16 characters, never echoing it", () => {
    const { INTERNAL_API_SECRET: _secret, ...withoutSecret } = base;
    for (const source of [withoutSecret, { ...base, INTERNAL_API_SECRET: "fifteen-chars!!" }]) {
      try {
        parseUsersEnv(source);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(EnvError);
        expect((error as EnvError).problems).toEqual([expect.stringMatching(/^INTERNAL_API_SECRET: .*16 characters/)]);
        expect((error as EnvError).message).not.toContain("fifteen-chars");
      }
    }
  });

  it("takes an optional events database URL", () => {
    expect(parseUsersEnv(base).EVENTS_DATABASE_URL).toBeUndefined();
    expect(parseUsersEnv({ ...base, EVENTS_DATABASE_URL: "postgresql://u:p@localhost:5432/events" }).EVENTS_DATABASE_URL).toBe(
      "postgresql://u:p@localhost:5432/events",
    );
    expect(() => parseUsersEnv({ ...base, EVENTS_DATABASE_URL: "mysql://x" })).toThrow(EnvError);
  });

  it("lets the command-line tools (seed, create-admin) run without the internal secret", () => {
    const { INTERNAL_API_SECRET: _secret, ...withoutSecret } = base;
    expect(loadUsersToolEnv(withoutSecret)).toMatchObject({ USERS_DATABASE_URL: base.USERS_DATABASE_URL, USERS_SCRYPT_COST: 15 });
  });

  it("lowers the scrypt cost outside production only", () => {
    expect(parseUsersEnv({ ...base, NODE_ENV: "test", USERS_SCRYPT_COST: "8" }).USERS_SCRYPT_COST).toBe(8);
    expect(() => parseUsersEnv({ ...base, USERS_SCRYPT_COST: "2" })).toThrow(EnvError);
  });
});

describeProductionGuards({
  parse: parseUsersEnv,
  production,
  cases: [
    [
      "a default password in EVENTS_DATABASE_URL",
      { EVENTS_DATABASE_URL: "postgresql://amazoff:postgres@postgres:5432/events" },
      ["EVENTS_DATABASE_URL"],
    ],
  ],
});
