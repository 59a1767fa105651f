import { z } from "zod";

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/**
 * Parses the environment with a zod object schema, reporting every problem at once (not the first
 * only) with the variable's name. Values are never echoed: they may be secrets.
 */
export function parseEnv<S extends z.ZodObject>(schema: S, source: Record<string, string | undefined> = process.env): z.infer<S> {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join(".") || "(environment)";
    return `${name}: ${issue.message}`;
  });
  throw new EnvError(problems);
}

/** `parseEnv` for a service's entry point: prints the problems and exits with status 1. */
export function loadEnv<S extends z.ZodObject>(schema: S, source: Record<string, string | undefined> = process.env): z.infer<S> {
  try {
    return parseEnv(schema, source);
  } catch (error) {
    if (error instanceof EnvError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * What production demands of a variable beyond its schema, attached to the field's schema (see
 * `envFields`) and checked by `productionRules` when NODE_ENV=production. Development and tests
 * keep their convenient defaults; a deployment must say what it means.
 */
export interface ProductionPolicy {
  /** A shared secret: long, random-looking, not a placeholder. */
  secret?: true;
  /** A postgresql:// URL whose password must not be a placeholder or a well-known default. */
  databaseUrl?: true;
  /** The default that only suits development (a localhost URL): production must set another value. */
  developmentDefault?: unknown;
  /** Production must give a value (the field may be empty or absent elsewhere: a feature turned off). */
  required?: true;
  /** Values production refuses, and why. */
  refused?: { values: readonly unknown[]; reason: string };
}

const productionPolicies = z.registry<ProductionPolicy>();

/** Marks a field's schema with what production demands of it. */
export function inProduction<T extends z.ZodType>(schema: T, policy: ProductionPolicy): T {
  productionPolicies.add(schema, policy);
  return schema;
}

/** The policy of a field, looking through optional, default and transform wrappers. */
function policyOf(schema: z.ZodType): ProductionPolicy | undefined {
  let current: z.ZodType | undefined = schema;
  const policy: ProductionPolicy = {};
  let found = false;
  while (current) {
    const own = productionPolicies.get(current);
    if (own) {
      Object.assign(policy, own);
      found = true;
    }
    const def: { innerType?: z.ZodType; in?: z.ZodType } = (
      current as unknown as { _zod: { def: { innerType?: z.ZodType; in?: z.ZodType } } }
    )._zod.def;
    current = def.innerType ?? def.in;
  }
  return found ? policy : undefined;
}

/** Placeholder words of examples, templates and defaults; a random value never contains them. */
const PLACEHOLDER = /change[-_ .]?me|replace[-_ .]?me|placeholder|example|default|dummy|secret|passw(or)?d|insecure|amazoff/i;
/**
 * Database passwords that ship as defaults somewhere (images, tutorials, our own compose file).
 * A URL without a password is accepted: the password may come from PGPASSWORD or a client certificate.
 */
const DEFAULT_DB_PASSWORDS = new Set(["postgres", "password", "admin", "root", "amazoff"]);

/** Why a shared secret is unfit for production, or undefined when it is acceptable. */
export function weakSecretReason(value: string): string | undefined {
  if (PLACEHOLDER.test(value)) return "is a placeholder or default; set a random value (openssl rand -hex 32)";
  if (value.length < 32) return "must be at least 32 characters in production (openssl rand -hex 32)";
  if (new Set(value).size < 10) return "is too repetitive to be random (openssl rand -hex 32)";
  return undefined;
}

/** Why a database URL's password is unfit for production, or undefined when it is acceptable. */
export function weakDatabasePasswordReason(url: string): string | undefined {
  let password: string;
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    return undefined; // the schema reports a malformed URL
  }
  if (password === "") return undefined;
  if (DEFAULT_DB_PASSWORDS.has(password.toLowerCase()) || PLACEHOLDER.test(password)) return "has a placeholder or default password";
  return undefined;
}

/**
 * The production checks of an env schema's fields (their `inProduction` policies), for its
 * superRefine: every problem is reported, by variable name, never with the value.
 */
export function productionRules(shape: z.ZodRawShape) {
  const policies = Object.entries(shape).flatMap(([name, schema]) => {
    const policy = policyOf(schema as z.ZodType);
    return policy ? [[name, policy] as const] : [];
  });
  return (env: Record<string, unknown>, ctx: z.RefinementCtx): void => {
    if (env.NODE_ENV !== "production") return;
    const problem = (name: string, message: string) => ctx.addIssue({ code: "custom", path: [name], message });
    for (const [name, policy] of policies) {
      const value = env[name];
      if (value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) {
        if (policy.required) problem(name, "is required in production");
        continue;
      }
      if (policy.developmentDefault !== undefined && value === policy.developmentDefault) {
        problem(name, "is the development default (localhost); set it in production");
      }
      if (policy.refused?.values.includes(value)) problem(name, `is refused in production: ${policy.refused.reason}`);
      if (policy.secret && typeof value === "string") {
        const reason = weakSecretReason(value);
        if (reason) problem(name, reason);
      }
      if (policy.databaseUrl && typeof value === "string") {
        const reason = weakDatabasePasswordReason(value);
        if (reason) problem(name, `${reason}; set a strong one in production`);
      }
    }
  };
}

/** A service's env schema: its fields, checked by their production policies. */
export function serviceEnvSchema<S extends z.ZodRawShape>(shape: S) {
  return z.object(shape).superRefine(productionRules(shape));
}

const postgresUrl = inProduction(
  z
    .string({ error: "is required (a postgresql:// URL)" })
    .refine((value) => /^postgres(ql)?:\/\//.test(value), "must be a postgresql:// URL"),
  { databaseUrl: true },
);

/** Building blocks shared by the services' own `env.ts`. */
export const envFields = {
  port: (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback),
  nodeEnv: z.enum(["development", "test", "production"]).default("development"),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** A postgresql:// URL; production refuses placeholder and default passwords. */
  postgresUrl,
  /** The shared secret of the internal endpoints: 16+ characters; production wants 32+, random, no placeholder. */
  internalSecret: () =>
    inProduction(z.string({ error: "is required (at least 16 characters)" }).min(16, "must be at least 16 characters"), { secret: true }),
  /** A URL whose default is a development address (localhost); production must set it. */
  serviceUrl: (developmentDefault: string) => inProduction(z.url().default(developmentDefault), { developmentDefault }),
  boolean: (fallback: boolean) =>
    z
      .enum(["true", "false", "1", "0"])
      .default(fallback ? "true" : "false")
      .transform((value) => value === "true" || value === "1"),
};

const poolSize = () => z.coerce.number().int().min(1).max(100).default(10);

/** What every service reads: PORT (its own default), HOST (all interfaces), NODE_ENV, LOG_LEVEL. */
export const serviceEnvFields = (port: number) => ({
  PORT: envFields.port(port),
  HOST: z.string().default("0.0.0.0"),
  NODE_ENV: envFields.nodeEnv,
  LOG_LEVEL: envFields.logLevel,
});

/**
 * A subgraph's own database, named after the subgraph (`CART` gives CART_DATABASE_URL and
 * CART_DB_POOL_SIZE): a postgresql:// URL (required; production refuses default passwords) and
 * the size of its connection pool (10).
 */
export function databaseEnvFields<N extends string>(name: N) {
  // TypeScript widens computed keys to `string`; the cast names them as they are built.
  return { [`${name}_DATABASE_URL`]: postgresUrl, [`${name}_DB_POOL_SIZE`]: poolSize() } as {
    [K in `${N}_DATABASE_URL`]: typeof postgresUrl;
  } & { [K in `${N}_DB_POOL_SIZE`]: ReturnType<typeof poolSize> };
}

/**
 * The head of every subgraph's env schema but the users subgraph's (which issues the tokens the
 * others verify): the service's variables, its database (see `databaseEnvFields`), USERS_JWKS_URL
 * (the users subgraph's public keys, to verify the access tokens the router forwards; production
 * must set it) and INTERNAL_API_SECRET (the shared secret of the `/internal/...` endpoints, its own
 * and the peers' it calls).
 */
export const subgraphEnvFields = <N extends string>(name: N, port: number) => ({
  ...serviceEnvFields(port),
  ...databaseEnvFields(name),
  USERS_JWKS_URL: envFields.serviceUrl("http://localhost:4002/.well-known/jwks.json"),
  INTERNAL_API_SECRET: envFields.internalSecret(),
});
