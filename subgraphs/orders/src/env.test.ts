import type { EnvError } from "@amazoff/kit";
import { describe, expect, it } from "vitest";
import { parseOrdersEnv } from "./env.ts";

describe("production guards", () => {
  const production = {
    ORDERS_DATABASE_URL: "postgresql://ord:Vd83kQp2xZ@db:5432/orders",
    CATALOG_INTERNAL_URL: "http://catalog:4001",
    USERS_INTERNAL_URL: "http://users:4002",
    INVENTORY_INTERNAL_URL: "http://inventory:4003",
    CART_INTERNAL_URL: "http://cart:4004",
    PAYMENTS_INTERNAL_URL: "http://payments:4006",
    NODE_ENV: "production",
    INTERNAL_API_SECRET: "7c1e9a4f0b3d8e2a6c5f1b9d4e7a0c3f8b2d6e1a",
    USERS_JWKS_URL: "http://users:4002/.well-known/jwks.json",
  };
  const problems = (source: Record<string, string | undefined>): string[] => {
    try {
      parseOrdersEnv(source as Record<string, string>);
      return [];
    } catch (error) {
      return (error as EnvError).problems.map((p) => p.split(":")[0]!);
    }
  };

  it("accepts a production configuration with real values", () => {
    expect(problems(production)).toEqual([]);
  });

  it.each([
    ["a placeholder internal secret", { INTERNAL_API_SECRET: "change-me-internal-api-secret" }, ["INTERNAL_API_SECRET"]],
    ["a short internal secret", { INTERNAL_API_SECRET: "0123456789abcdef" }, ["INTERNAL_API_SECRET"]],
    ["the development JWKS URL (unset)", { USERS_JWKS_URL: undefined }, ["USERS_JWKS_URL"]],
    ["a development peer URL (unset)", { PAYMENTS_INTERNAL_URL: undefined }, ["PAYMENTS_INTERNAL_URL"]],
    ["the crash-test hook", { ORDERS_FAULT: "after-reserve" }, ["ORDERS_FAULT"]],
  ])("refuses %s in production", (_case, change, names) => {
    expect(problems({ ...production, ...change })).toEqual(names);
  });
});
