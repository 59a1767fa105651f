import { describe, expect, it } from "vitest";
import { parsePaymentsEnv } from "./env.ts";

const base = { PAYMENTS_DATABASE_URL: "postgresql://u:p@localhost:5432/payments", INTERNAL_API_SECRET: "0123456789abcdef" };

describe("payments env", () => {
  it("applies the defaults", () => {
    expect(parsePaymentsEnv(base)).toMatchObject({ PORT: 4006, PAYMENTS_PROVIDER: "test", PAYMENTS_PROVIDER_TIMEOUT_MS: 2500, USERS_JWKS_URL: "http://localhost:4002/.well-known/jwks.json" });
  });

  it("requires the internal secret (16+ characters) and never echoes it", () => {
    expect(() => parsePaymentsEnv({ ...base, INTERNAL_API_SECRET: "tiny-secret" })).toThrow(/INTERNAL_API_SECRET: must be at least 16 characters/);
    expect(() => parsePaymentsEnv({ ...base, INTERNAL_API_SECRET: "tiny-secret" })).not.toThrow(/tiny-secret/);
    expect(() => parsePaymentsEnv({ PAYMENTS_DATABASE_URL: base.PAYMENTS_DATABASE_URL })).toThrow(/INTERNAL_API_SECRET/);
  });

  it("knows only the test provider, and requires the event queue in production", () => {
    expect(() => parsePaymentsEnv({ ...base, PAYMENTS_PROVIDER: "stripe" })).toThrow(/PAYMENTS_PROVIDER/);
    expect(() => parsePaymentsEnv({ ...base, NODE_ENV: "production" })).toThrow(/EVENTS_DATABASE_URL: is required in production/);
  });
});
