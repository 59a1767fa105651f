import { EnvError } from "@amazoff/kit";
import { describeProductionGuards } from "@amazoff/kit/testing";
import { describe, expect, it } from "vitest";
import { parseCartEnv } from "./env.ts";

const minimal = { CART_DATABASE_URL: "postgresql://u:p@localhost:5432/cart", INTERNAL_API_SECRET: "0123456789abcdef" };

describe("cart configuration", () => {
  it("has defaults for everything but the database and the internal secret", () => {
    const env = parseCartEnv(minimal);
    expect(env).toMatchObject({
      PORT: 4004,
      USERS_JWKS_URL: "http://localhost:4002/.well-known/jwks.json",
      CATALOG_INTERNAL_URL: "http://localhost:4001",
      INVENTORY_INTERNAL_URL: "http://localhost:4003",
      CART_GUEST_TTL_DAYS: 30,
      CART_CURRENCY: "USD",
    });
    expect(env.EVENTS_DATABASE_URL).toBeUndefined();
  });

  it("reports every problem at once, by name, without echoing values", () => {
    try {
      parseCartEnv({ INTERNAL_API_SECRET: "short", CART_CURRENCY: "dollars", EVENTS_DATABASE_URL: "mysql://secret-host" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      const problems = (error as EnvError).problems.join("\n");
      for (const name of ["CART_DATABASE_URL", "INTERNAL_API_SECRET", "CART_CURRENCY", "EVENTS_DATABASE_URL"])
        expect(problems).toContain(name);
      expect(problems).not.toContain("secret-host");
    }
  });
});

describeProductionGuards({
  parse: parseCartEnv,
  production: {
    CART_DATABASE_URL: "postgresql://cart:Vd83kQp2xZ@db:5432/cart",
    CATALOG_INTERNAL_URL: "http://catalog:4001",
    INVENTORY_INTERNAL_URL: "http://inventory:4003",
    NODE_ENV: "production",
    INTERNAL_API_SECRET: "7c1e9a4f0b3d8e2a6c5f1b9d4e7a0c3f8b2d6e1a",
    USERS_JWKS_URL: "http://users:4002/.well-known/jwks.json",
  },
  cases: [
    [
      "the development peer URLs (unset)",
      { CATALOG_INTERNAL_URL: undefined, INVENTORY_INTERNAL_URL: undefined },
      ["CATALOG_INTERNAL_URL", "INVENTORY_INTERNAL_URL"],
    ],
  ],
});
