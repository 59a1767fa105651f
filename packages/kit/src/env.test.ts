import { describe, expect, it } from "vitest";
import { z } from "zod";
import { envFields, EnvError, parseEnv } from "./env.ts";

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
