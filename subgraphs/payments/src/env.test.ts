import { describeProductionGuards } from "@amazoff/kit/testing";
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

const production = {
  PAYMENTS_DATABASE_URL: "postgresql://pay:Vd83kQp2xZ@db:5432/payments",
  EVENTS_DATABASE_URL: "postgresql://pay:Vd83kQp2xZ@db:5432/events",
  NODE_ENV: "production",
  INTERNAL_API_SECRET: "7c1e9a4f0b3d8e2a6c5f1b9d4e7a0c3f8b2d6e1a",
  USERS_JWKS_URL: "http://users:4002/.well-known/jwks.json",
};

// The test card provider is the only one, so every production configuration is refused for it.
describeProductionGuards({
  parse: parsePaymentsEnv,
  production,
  alwaysRefused: ["PAYMENTS_PROVIDER"],
  cases: [
    ["the test card provider named outright (4242... would be paid)", { PAYMENTS_PROVIDER: "test" }, ["PAYMENTS_PROVIDER"]],
    ["no event queue", { EVENTS_DATABASE_URL: undefined }, ["EVENTS_DATABASE_URL"]],
  ],
});

it("allows the test card provider outside production", () => {
  expect(parsePaymentsEnv({ ...production, NODE_ENV: "development" })).toMatchObject({ PAYMENTS_PROVIDER: "test" });
});
