import { describe, expect, it } from "vitest";
import { z } from "zod";
import { envFields, EnvError, inProduction, parseEnv, serviceEnvSchema, subgraphEnvFields } from "./env.ts";

const schema = z.object({
  PORT: envFields.port(4001),
  DATABASE_URL: envFields.postgresUrl,
  DEBUG: envFields.boolean(false),
  LOG_LEVEL: envFields.logLevel,
});

describe("parseEnv", () => {
  it("applies defaults and coerces types", () => {
    const env = parseEnv(schema, { DATABASE_URL: "postgresql://u:p@localhost:5432/db", DEBUG: "1" });
    expect(env).toEqual({ PORT: 4001, DATABASE_URL: "postgresql://u:p@localhost:5432/db", DEBUG: true, LOG_LEVEL: "info" });
  });

  it("reports every problem at once, by variable name", () => {
    let error: unknown;
    try {
      parseEnv(schema, { PORT: "99999", DEBUG: "yes", LOG_LEVEL: "loud" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    const problems = (error as EnvError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.map((p) => p.split(":")[0]).sort()).toEqual(["DATABASE_URL", "DEBUG", "LOG_LEVEL", "PORT"]);
    expect((error as EnvError).message).toContain("Invalid configuration");
  });

  it("never echoes a value, which may be a secret", () => {
    try {
      parseEnv(schema, { DATABASE_URL: "mysql://root:hunter2@db/x" });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toContain("DATABASE_URL");
      expect((error as Error).message).not.toContain("hunter2");
    }
  });
});

describe("production rules", () => {
  const SECRET = "3f9a1c07be524d6e8a0b71c2d94e5f38a6b0c1d2";
  const schema = serviceEnvSchema({
    NODE_ENV: envFields.nodeEnv,
    DATABASE_URL: envFields.postgresUrl,
    EVENTS_URL: envFields.postgresUrl.optional(),
    INTERNAL_API_SECRET: envFields.internalSecret(),
    JWKS_URL: envFields.serviceUrl("http://localhost:4002/.well-known/jwks.json"),
    PROVIDER: inProduction(z.enum(["test", "real"]).default("test"), { refused: { values: ["test"], reason: "no money moves" } }),
    KEYS: inProduction(z.string().default(""), { required: true }),
  });
  const production = {
    NODE_ENV: "production",
    DATABASE_URL: "postgresql://app:Xk29vQ7rTz@db:5432/app",
    INTERNAL_API_SECRET: SECRET,
    JWKS_URL: "http://users:4002/.well-known/jwks.json",
    PROVIDER: "real",
    KEYS: "/run/secrets/key.pem",
  };
  const problemsOf = (source: Record<string, string | undefined>): string[] => {
    try {
      parseEnv(schema, source);
      return [];
    } catch (error) {
      return (error as EnvError).problems;
    }
  };

  it("accepts a production configuration that sets everything it must", () => {
    expect(problemsOf(production)).toEqual([]);
  });

  it("keeps the development defaults outside production", () => {
    expect(
      problemsOf({ DATABASE_URL: "postgresql://amazoff:amazoff-change-me@localhost/app", INTERNAL_API_SECRET: "change-me-please-0123" }),
    ).toEqual([]);
  });

  it("reports every production problem at once, by name, without the values", () => {
    const problems = problemsOf({
      NODE_ENV: "production",
      DATABASE_URL: "postgresql://amazoff:amazoff-change-me@db/app",
      EVENTS_URL: "postgresql://postgres:postgres@db/events",
      INTERNAL_API_SECRET: "change-me-internal-api-secret",
    });
    expect(problems.map((p) => p.split(":")[0]).sort()).toEqual([
      "DATABASE_URL",
      "EVENTS_URL",
      "INTERNAL_API_SECRET",
      "JWKS_URL",
      "KEYS",
      "PROVIDER",
    ]);
    expect(problems.join("\n")).not.toMatch(/change-me|postgres:postgres/);
  });

  it.each([
    ["a placeholder", "change-me-internal-api-secret-0123456789"],
    ["a short one", "a1b2c3d4e5f6a7b8c9d0"],
    ["a repetitive one", "abababababababababababababababababab"],
    ["one that says what it is", "my-internal-api-secret-for-production-2026"],
  ])("refuses %s as a secret", (_case, value) => {
    expect(problemsOf({ ...production, INTERNAL_API_SECRET: value })).toEqual([expect.stringMatching(/^INTERNAL_API_SECRET: /)]);
  });

  it("accepts a database URL without a password (PGPASSWORD or a client certificate supplies it)", () => {
    expect(problemsOf({ ...production, DATABASE_URL: "postgresql://app@db:5432/app?sslmode=verify-full" })).toEqual([]);
  });

  it.each(["postgresql://u:postgres@db/app", "postgresql://u:Password@db/app", "postgresql://u:change%2Dme@db/app"])(
    "refuses the database URL %s",
    (url) => {
      expect(problemsOf({ ...production, DATABASE_URL: url })).toEqual([expect.stringMatching(/^DATABASE_URL: .*password/)]);
    },
  );

  it("refuses the development default of a URL even when it is written out", () => {
    expect(problemsOf({ ...production, JWKS_URL: "http://localhost:4002/.well-known/jwks.json" })).toEqual([
      expect.stringMatching(/^JWKS_URL: .*development default/),
    ]);
  });

  it("finds the policy through optional, default and transform wrappers", () => {
    const wrapped = serviceEnvSchema({
      NODE_ENV: envFields.nodeEnv,
      LIST: inProduction(
        z
          .string()
          .default("")
          .transform((v) => v.split(",").filter(Boolean)),
        { required: true },
      ),
    });
    expect(() => parseEnv(wrapped, { NODE_ENV: "production" })).toThrow(/LIST: is required in production/);
    expect(parseEnv(wrapped, { NODE_ENV: "production", LIST: "a,b" }).LIST).toEqual(["a", "b"]);
  });
});

describe("subgraphEnvFields", () => {
  const schema = serviceEnvSchema(subgraphEnvFields("SHOP", 4100));
  const secret = "3f9a1c07be524d6e8a0b71c2d94e5f38a6b0c1d2";

  it("names the database variables after the subgraph and gives the development defaults", () => {
    expect(parseEnv(schema, { SHOP_DATABASE_URL: "postgresql://u:p@localhost/shop", INTERNAL_API_SECRET: "0123456789abcdef" })).toEqual({
      PORT: 4100,
      HOST: "0.0.0.0",
      NODE_ENV: "development",
      LOG_LEVEL: "info",
      SHOP_DATABASE_URL: "postgresql://u:p@localhost/shop",
      SHOP_DB_POOL_SIZE: 10,
      USERS_JWKS_URL: "http://localhost:4002/.well-known/jwks.json",
      INTERNAL_API_SECRET: "0123456789abcdef",
    });
  });

  it("carries the production policies of its fields", () => {
    expect(() =>
      parseEnv(schema, { NODE_ENV: "production", SHOP_DATABASE_URL: "postgresql://u:postgres@db/shop", INTERNAL_API_SECRET: secret }),
    ).toThrow(/SHOP_DATABASE_URL: .*password[\s\S]*USERS_JWKS_URL: .*development default/);
  });
});
