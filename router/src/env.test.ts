import { parseEnv } from "@amazoff/kit";
import { describeProductionGuards } from "@amazoff/kit/testing";
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

const production = {
  NODE_ENV: "production",
  USERS_JWKS_URL: "http://users:4002/.well-known/jwks.json",
  USERS_API_KEY_EXCHANGE_URL: "http://users:4002/internal/api-keys/exchange",
  INTERNAL_API_SECRET: "7c1e9a4f0b3d8e2a6c5f1b9d4e7a0c3f8b2d6e1a",
};
const parseRouterEnv = (source: Record<string, string | undefined>) => parseEnv(routerEnvSchema, source);

describeProductionGuards({
  parse: parseRouterEnv,
  production,
  cases: [
    [
      "the development (localhost) defaults",
      { USERS_JWKS_URL: undefined, USERS_API_KEY_EXCHANGE_URL: undefined },
      ["USERS_JWKS_URL", "USERS_API_KEY_EXCHANGE_URL"],
    ],
    ["no JWKS URL: signing in would never work", { USERS_JWKS_URL: "" }, ["USERS_JWKS_URL"]],
    ["no internal secret: revocations would go unchecked", { INTERNAL_API_SECRET: undefined }, ["INTERNAL_API_SECRET"]],
  ],
});

it("accepts API keys turned off in production", () => {
  expect(parseRouterEnv({ ...production, USERS_API_KEY_EXCHANGE_URL: "" }).USERS_API_KEY_EXCHANGE_URL).toBeUndefined();
});
