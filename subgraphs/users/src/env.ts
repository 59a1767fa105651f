import { databaseEnvFields, envFields, loadEnv, parseEnv, productionRules, serviceEnvFields } from "@amazoff/kit";
import { z } from "zod";

/** scrypt cost (log2 of N) of new password hashes; auth/password-hasher.ts explains the value. */
export const DEFAULT_SCRYPT_COST = 15;

/** What the subgraph and its command-line tools (seed, create-admin) share. */
const commonFields = {
  /** PORT, HOST, NODE_ENV, LOG_LEVEL */
  ...serviceEnvFields(4002),
  /** USERS_DATABASE_URL, USERS_DB_POOL_SIZE */
  ...databaseEnvFields("USERS"),
  /** Create the demo accounts at start-up (idempotent; refused in production); `npm start` turns it on. */
  SEED_DEMO_DATA: envFields.boolean(false),
  /**
   * Comma-separated paths of PEM files (PKCS#8 RSA private keys, 2048 bits or more). The first
   * signs new tokens; all are published in the JWKS, so a key being rotated out keeps
   * verifying the tokens it signed until they expire. Required in production.
   */
  USERS_SIGNING_KEYS: z
    .string()
    .default("")
    .transform((value) =>
      value
        .split(",")
        .map((p) => p.trim())
        .filter(Boolean),
    ),
  /**
   * scrypt cost as log2(N). Tests lower it to stay fast; production refuses anything below
   * the default, so a test setting can never weaken real password hashes.
   */
  USERS_SCRYPT_COST: z.coerce.number().int().min(4).max(20).default(DEFAULT_SCRYPT_COST),
  /** Threads that hash passwords (32 MiB each while hashing); default one per core, at most 4. */
  USERS_HASH_WORKERS: z.coerce.number().int().min(1).max(32).optional(),
  /**
   * Password hashes that may wait for a thread; sign-ins beyond it are refused with RATE_LIMITED
   * (and `retryAfterSeconds`) instead of waiting without bound. Default 32 per thread.
   */
  USERS_HASH_QUEUE: z.coerce.number().int().min(0).max(10_000).optional(),
};

/** What only the running subgraph needs. */
const serverFields = {
  /** Shared secret of the internal service-to-service endpoints (`/internal/...`), e.g. the checkout saga's address lookup. */
  INTERNAL_API_SECRET: envFields.internalSecret(),
  /**
   * The event queue (pg-boss). Without it, domain events (UserRegistered, UserDeleted) wait in
   * the outbox and are published once a process that has it runs.
   */
  EVENTS_DATABASE_URL: envFields.postgresUrl.optional(),
};

function usersProductionRules(
  env: { NODE_ENV: string; USERS_SIGNING_KEYS: string[]; USERS_SCRYPT_COST: number },
  ctx: z.RefinementCtx,
): void {
  if (env.NODE_ENV !== "production") return;
  if (env.USERS_SIGNING_KEYS.length === 0) {
    ctx.addIssue({ code: "custom", path: ["USERS_SIGNING_KEYS"], message: "is required in production (comma-separated PEM file paths)" });
  }
  if (env.USERS_SCRYPT_COST < DEFAULT_SCRYPT_COST) {
    ctx.addIssue({ code: "custom", path: ["USERS_SCRYPT_COST"], message: `must be at least ${DEFAULT_SCRYPT_COST} in production` });
  }
}

const schema = z
  .object({ ...commonFields, ...serverFields })
  .superRefine(usersProductionRules)
  .superRefine(productionRules({ ...commonFields, ...serverFields }));
const toolSchema = z.object(commonFields).superRefine(usersProductionRules).superRefine(productionRules(commonFields));

export type UsersEnv = z.infer<typeof schema>;
/** The configuration of the command-line tools: the subgraph's, without what only the server needs. */
export type UsersToolEnv = z.infer<typeof toolSchema>;

/** The users subgraph's configuration, read once from the environment (the only reader of process.env). */
export const loadUsersEnv = (source: Record<string, string | undefined> = process.env): UsersEnv => loadEnv(schema, source);

/** `loadUsersEnv` that throws EnvError instead of exiting (tests check the production rules with it). */
export const parseUsersEnv = (source: Record<string, string | undefined>): UsersEnv => parseEnv(schema, source);

/** The command-line tools' configuration (`npm run seed`, `npm run create-admin`): no internal secret needed. */
export const loadUsersToolEnv = (source: Record<string, string | undefined> = process.env): UsersToolEnv => loadEnv(toolSchema, source);
