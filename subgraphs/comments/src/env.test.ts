import { EnvError } from "@amazoff/kit";
import { describeProductionGuards } from "@amazoff/kit/testing";
import { describe, expect, it } from "vitest";
import { parseCommentsEnv } from "./env.ts";

const base = { COMMENTS_DATABASE_URL: "postgresql://u:p@localhost:5432/comments", INTERNAL_API_SECRET: "0123456789abcdef" };

describe("comments configuration", () => {
  it("has defaults for everything but the database and the internal secret", () => {
    const env = parseCommentsEnv(base);
    expect(env).toMatchObject({
      PORT: 4009,
      CATALOG_INTERNAL_URL: "http://localhost:4001",
      EVENTS_INTERNAL_URL: "http://localhost:4010",
      COMMENTS_USER_BURST: 10,
      COMMENTS_USER_PER_MINUTE: 4,
      COMMENTS_API_KEY_BURST: 60,
      COMMENTS_API_KEY_PER_MINUTE: 60,
      SEED_DEMO_DATA: false,
    });
    expect(env.EVENTS_DATABASE_URL).toBeUndefined();
  });

  it("reports every problem at once, by name, without echoing values", () => {
    try {
      parseCommentsEnv({ INTERNAL_API_SECRET: "short", COMMENTS_USER_PER_MINUTE: "0", EVENTS_INTERNAL_URL: "not a url secret-host" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      const problems = (error as EnvError).problems.join("\n");
      for (const name of ["COMMENTS_DATABASE_URL", "INTERNAL_API_SECRET", "COMMENTS_USER_PER_MINUTE", "EVENTS_INTERNAL_URL"])
        expect(problems).toContain(name);
      expect(problems).not.toContain("secret-host");
    }
  });
});

describeProductionGuards({
  parse: parseCommentsEnv,
  production: {
    COMMENTS_DATABASE_URL: "postgresql://comments:Vd83kQp2xZ@db:5432/comments",
    EVENTS_DATABASE_URL: "postgresql://comments:Vd83kQp2xZ@db:5432/events",
    CATALOG_INTERNAL_URL: "http://catalog:4001",
    EVENTS_INTERNAL_URL: "http://events:4010",
    NODE_ENV: "production",
    INTERNAL_API_SECRET: "7c1e9a4f0b3d8e2a6c5f1b9d4e7a0c3f8b2d6e1a",
    USERS_JWKS_URL: "http://users:4002/.well-known/jwks.json",
  },
  cases: [
    [
      "the development peer URLs (unset)",
      { CATALOG_INTERNAL_URL: undefined, EVENTS_INTERNAL_URL: undefined },
      ["CATALOG_INTERNAL_URL", "EVENTS_INTERNAL_URL"],
    ],
    ["no event queue", { EVENTS_DATABASE_URL: undefined }, ["EVENTS_DATABASE_URL"]],
  ],
});
