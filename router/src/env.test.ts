import { type EnvError, parseEnv } from "@amazoff/kit";
import { describe, expect, it } from "vitest";
import { routerEnvSchema } from "./env.ts";

describe("router environment", () => {
  it("points authentication at the users subgraph by default", () => {
    const env = parseEnv(routerEnvSchema, {});
    expect(env.USERS_JWKS_URL).toBe("http://localhost:4002/.well-known/jwks.json");
    expect(env.USERS_API_KEY_EXCHANGE_URL).toBe("http://localhost:4002/internal/api-keys/exchange");
    expect(env.API_KEY_CACHE_TTL_MS).toBe(60_000);
    expect(env.API_KEY_NEGATIVE_CACHE_TTL_MS).toBe(5_000);
  });

  it("turns a feature off with an empty value", () => {
    const env = parseEnv(routerEnvSchema, { USERS_JWKS_URL: "", USERS_API_KEY_EXCHANGE_URL: "" });
    expect(env.USERS_JWKS_URL).toBeUndefined();
    expect(env.USERS_API_KEY_EXCHANGE_URL).toBeUndefined();
  });

  it("times subgraph calls out after 10 s by default, or per subgraph", () => {
    expect(parseEnv(routerEnvSchema, {})).toMatchObject({
      SUBGRAPH_TIMEOUT_MS: 10_000,
      SUBGRAPH_TIMEOUTS: {},
      SUBGRAPH_HEALTH_INTERVAL_MS: 2_000,
    });
    const env = parseEnv(routerEnvSchema, { SUBGRAPH_TIMEOUT_MS: "5000", SUBGRAPH_TIMEOUTS: "orders=30000, inventory=2000" });
    expect(env.SUBGRAPH_TIMEOUT_MS).toBe(5_000);
    expect(env.SUBGRAPH_TIMEOUTS).toEqual({ orders: 30_000, inventory: 2_000 });
    expect(() => parseEnv(routerEnvSchema, { SUBGRAPH_TIMEOUTS: "orders=soon,cart=0" })).toThrow(
      /"orders=soon" is not name=milliseconds[\s\S]*"cart=0"/,
    );
  });

  it("limits subscriptions by default, and refuses limits that could not work", () => {
    expect(parseEnv(routerEnvSchema, {})).toMatchObject({
      SUBSCRIPTIONS_PER_CONNECTION: 100,
      SUBSCRIPTION_CONNECTIONS_PER_USER: 20,
      SUBSCRIPTION_KEEPALIVE_MS: 15_000,
      SUBSCRIPTION_MAX_BUFFERED_BYTES: 1024 * 1024,
      SUBSCRIPTION_MAX_PENDING_EVENTS: 100,
      SUBSCRIPTION_UPSTREAM_ACK_TIMEOUT_MS: 5_000,
    });
    expect(parseEnv(routerEnvSchema, { SUBSCRIPTION_KEEPALIVE_MS: "0" }).SUBSCRIPTION_KEEPALIVE_MS).toBe(0);
    expect(() => parseEnv(routerEnvSchema, { SUBSCRIPTIONS_PER_CONNECTION: "0", SUBSCRIPTION_MAX_BUFFERED_BYTES: "10" })).toThrow(
      /SUBSCRIPTIONS_PER_CONNECTION[\s\S]*SUBSCRIPTION_MAX_BUFFERED_BYTES/,
    );
  });

  it("reports every bad value at once", () => {
    expect(() => parseEnv(routerEnvSchema, { USERS_JWKS_URL: "not a url", API_KEY_CACHE_TTL_MS: "-1" })).toThrow(
      /USERS_JWKS_URL[\s\S]*API_KEY_CACHE_TTL_MS|API_KEY_CACHE_TTL_MS[\s\S]*USERS_JWKS_URL/,
    );
  });
});

describe("router environment in production", () => {
  const production = {
    NODE_ENV: "production",
    USERS_JWKS_URL: "http://users:4002/.well-known/jwks.json",
    USERS_API_KEY_EXCHANGE_URL: "http://users:4002/internal/api-keys/exchange",
    INTERNAL_API_SECRET: "4f1c9a7e2b8d6053e1a9c7b2d4f60817",
  };
  const problems = (source: Record<string, string | undefined>): string[] => {
    try {
      parseEnv(routerEnvSchema, source);
      return [];
    } catch (error) {
      return (error as EnvError).problems.map((p) => p.split(":")[0]!);
    }
  };

  it("accepts real URLs, and API keys turned off", () => {
    expect(problems(production)).toEqual([]);
    expect(problems({ ...production, USERS_API_KEY_EXCHANGE_URL: "" })).toEqual([]);
  });

  it("refuses the development (localhost) defaults", () => {
    expect(problems({ NODE_ENV: "production" })).toEqual(["USERS_JWKS_URL", "USERS_API_KEY_EXCHANGE_URL", "INTERNAL_API_SECRET"]);
  });

  it("refuses to run without a JWKS URL: signing in would never work", () => {
    expect(problems({ ...production, USERS_JWKS_URL: "" })).toEqual(["USERS_JWKS_URL"]);
  });

  it("refuses to run without a strong internal secret: revocations would go unchecked", () => {
    expect(problems({ ...production, INTERNAL_API_SECRET: undefined })).toEqual(["INTERNAL_API_SECRET"]);
    expect(problems({ ...production, INTERNAL_API_SECRET: "change-me-change-me-change-me-123" })).toEqual(["INTERNAL_API_SECRET"]);
  });
});
