import { EnvError } from "@amazoff/kit";
import { describeProductionGuards } from "@amazoff/kit/testing";
import { describe, expect, it } from "vitest";
import { parseInventoryEnv } from "./env.ts";

const base = { INVENTORY_DATABASE_URL: "postgresql://u:p@localhost:5432/inventory", INTERNAL_API_SECRET: "0123456789abcdef" };

describe("inventory env", () => {
  it("applies the defaults", () => {
    expect(parseInventoryEnv(base)).toMatchObject({
      PORT: 4003,
      INVENTORY_SWEEP_INTERVAL_MS: 5000,
      USERS_JWKS_URL: "http://localhost:4002/.well-known/jwks.json",
      SEED_DEMO_DATA: false,
    });
    expect(parseInventoryEnv(base).EVENTS_DATABASE_URL).toBeUndefined();
  });

  it("requires the internal secret, at least 16 characters, and reports every problem at once", () => {
    const error = (() => {
      try {
        parseInventoryEnv({ INTERNAL_API_SECRET: "short", INVENTORY_SWEEP_INTERVAL_MS: "0" });
      } catch (e) {
        return e as EnvError;
      }
    })();
    expect(error).toBeInstanceOf(EnvError);
    expect(error!.problems.join("\n")).toMatch(/INTERNAL_API_SECRET: must be at least 16 characters/);
    expect(error!.problems.join("\n")).toMatch(/INVENTORY_DATABASE_URL/);
    expect(error!.problems.join("\n")).toMatch(/INVENTORY_SWEEP_INTERVAL_MS/);
    expect(error!.message).not.toContain("short");
  });

  it("requires the event queue in production", () => {
    expect(() => parseInventoryEnv({ ...base, NODE_ENV: "production" })).toThrow(/EVENTS_DATABASE_URL: is required in production/);
  });
});

describeProductionGuards({
  parse: parseInventoryEnv,
  production: {
    INVENTORY_DATABASE_URL: "postgresql://inv:Vd83kQp2xZ@db:5432/inventory",
    EVENTS_DATABASE_URL: "postgresql://inv:Vd83kQp2xZ@db:5432/events",
    NODE_ENV: "production",
    INTERNAL_API_SECRET: "7c1e9a4f0b3d8e2a6c5f1b9d4e7a0c3f8b2d6e1a",
    USERS_JWKS_URL: "http://users:4002/.well-known/jwks.json",
  },
  cases: [["no event queue", { EVENTS_DATABASE_URL: undefined }, ["EVENTS_DATABASE_URL"]]],
});
