import { describe, expect, it } from "vitest";
import { EnvError } from "../env.ts";

/** One production case: what it is, what changes from the production configuration, which variables are refused. */
export type ProductionCase = [what: string, change: Record<string, string | undefined>, refused: string[]];

export interface ProductionGuardOptions {
  /** The service's env parser (its `parse…Env`), which throws EnvError. */
  parse: (source: Record<string, string | undefined>) => unknown;
  /** A production configuration with real values for everything the service requires. */
  production: Record<string, string>;
  /** Variables refused whatever else changes (payments: its only card provider is the test one). */
  alwaysRefused?: string[];
  /** The service's own cases, after the shared ones. */
  cases?: ProductionCase[];
}

/** The variables a configuration is refused for (none when it is accepted), sorted. */
function refused(parse: ProductionGuardOptions["parse"], source: Record<string, string | undefined>): string[] {
  try {
    parse(source);
    return [];
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    return error.problems.map((p) => p.split(":")[0]!).sort();
  }
}

/**
 * The production cases every service shares, derived from what its production configuration
 * sets: a placeholder or short INTERNAL_API_SECRET, the development default of USERS_JWKS_URL
 * (left unset) and a default password in any `…_DATABASE_URL` are each refused by name, and
 * the configuration itself is accepted. The service's own cases follow.
 */
export function describeProductionGuards(options: ProductionGuardOptions): void {
  const { parse, production, alwaysRefused = [] } = options;
  const shared: ProductionCase[] = [];
  if ("INTERNAL_API_SECRET" in production) {
    shared.push(
      ["a placeholder internal secret", { INTERNAL_API_SECRET: "change-me-internal-api-secret" }, ["INTERNAL_API_SECRET"]],
      ["a short internal secret", { INTERNAL_API_SECRET: "0123456789abcdef" }, ["INTERNAL_API_SECRET"]],
    );
  }
  if ("USERS_JWKS_URL" in production) shared.push(["the development JWKS URL (unset)", { USERS_JWKS_URL: undefined }, ["USERS_JWKS_URL"]]);
  for (const name of Object.keys(production).filter((key) => key.endsWith("_DATABASE_URL"))) {
    shared.push([`a default password in ${name}`, { [name]: "postgresql://amazoff:amazoff-change-me@postgres:5432/db" }, [name]]);
  }

  describe("production guards", () => {
    const accepted = alwaysRefused.length ? `refuses only ${alwaysRefused.join(", ")} in` : "accepts";
    it(`${accepted} a production configuration with real values`, () => {
      expect(refused(parse, production)).toEqual([...alwaysRefused].sort());
    });

    it.each([...shared, ...(options.cases ?? [])])("refuses %s in production", (_what, change, names) => {
      expect(refused(parse, { ...production, ...change })).toEqual([...new Set([...names, ...alwaysRefused])].sort());
    });
  });
}
