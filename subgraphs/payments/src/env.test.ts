import type { EnvError } from "@amazoff/kit";
import { describe, expect, it } from "vitest";
import { parsePaymentsEnv } from "./env.ts";

const base = { PAYMENTS_DATABASE_URL: "postgresql://u:p@localhost:5432/payments", INTERNAL_API_SECRET: "0123456789abcdef" };

describe("payments env", () => {
  it("applies the defaults", () => {
    expect(parsePaymentsEnv(base)).toMatchObject({
      PORT: 4006,
      PAYMENTS_PROVIDER: "test",
      PAYMENTS_PROVIDER_TIMEOUT_MS: 2500,
      USERS_JWKS_URL: "http://localhost:4002/.well-known/jwks.json",
    });
  });

  it("requires the internal secret (16+ characters) and never echoes it", () => {
    expect(() => parsePaymentsEnv({ ...base, INTERNAL_API_SECRET: "tiny-secret" })).toThrow(
      /INTERNAL_API_SECRET: must be at least 16 characters/,
    );
    expect(() => parsePaymentsEnv({ ...base, INTERNAL_API_SECRET: "tiny-secret" })).not.toThrow(/tiny-secret/);
    expect(() => parsePaymentsEnv({ PAYMENTS_DATABASE_URL: base.PAYMENTS_DATABASE_URL })).toThrow(/INTERNAL_API_SECRET/);
  });

  it("knows only the test provider, and requires the event queue in production", () => {
    expect(() => parsePaymentsEnv({ ...base, PAYMENTS_PROVIDER: "stripe" })).toThrow(/PAYMENTS_PROVIDER/);
    expect(() => parsePaymentsEnv({ ...base, NODE_ENV: "production" })).toThrow(/EVENTS_DATABASE_URL: is required in production/);
  });
});

describe("production guards", () => {
  const production = {
    PAYMENTS_DATABASE_URL: "postgresql://pay:Vd83kQp2xZ@db:5432/payments",
    EVENTS_DATABASE_URL: "postgresql://pay:Vd83kQp2xZ@db:5432/events",
    NODE_ENV: "production",
    INTERNAL_API_SECRET: "7c1e9a4f0b3d8e2a6c5f1b9d4e7a0c3f8b2d6e1a",
    USERS_JWKS_URL: "http://users:4002/.well-known/jwks.json",
  };
  const problems = (source: Record<string, string | undefined>): string[] => {
    try {
      parsePaymentsEnv(source as Record<string, string>);
      return [];
    } catch (error) {
      return (error as EnvError).problems.map((p) => p.split(":")[0]!);
    }
  };

  it("refuses the test card provider in production (4242... would be paid), and only that here", () => {
    expect(problems(production)).toEqual(["PAYMENTS_PROVIDER"]);
    expect(problems({ ...production, PAYMENTS_PROVIDER: "test" })).toEqual(["PAYMENTS_PROVIDER"]);
    expect(problems({ ...production, NODE_ENV: "development" })).toEqual([]);
  });

  it.each([
    ["a placeholder internal secret", { INTERNAL_API_SECRET: "change-me-internal-api-secret" }, ["INTERNAL_API_SECRET"]],
    ["a short internal secret", { INTERNAL_API_SECRET: "0123456789abcdef" }, ["INTERNAL_API_SECRET"]],
    ["the development JWKS URL (unset)", { USERS_JWKS_URL: undefined }, ["USERS_JWKS_URL"]],
    ["no event queue", { EVENTS_DATABASE_URL: undefined }, ["EVENTS_DATABASE_URL"]],
  ])("refuses %s in production", (_case, change, names) => {
    expect(problems({ ...production, ...change }).sort()).toEqual([...names, "PAYMENTS_PROVIDER"].sort());
  });
});
