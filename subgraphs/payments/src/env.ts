import { envFields, inProduction, loadEnv, parseEnv, serviceEnvSchema, subgraphEnvFields } from "@amazoff/kit";
import { z } from "zod";

const schema = serviceEnvSchema({
  /** PORT, HOST, NODE_ENV, LOG_LEVEL, PAYMENTS_DATABASE_URL, PAYMENTS_DB_POOL_SIZE, USERS_JWKS_URL, INTERNAL_API_SECRET */
  ...subgraphEnvFields("PAYMENTS", 4006),
  /**
   * The event queue's database (pg-boss). Without it, PaymentFailed events wait in the outbox
   * until a process that has one relays them; required in production.
   */
  EVENTS_DATABASE_URL: inProduction(envFields.postgresUrl.optional(), { required: true }),
  /**
   * The card processor. Only the deterministic test provider exists so far (no external calls,
   * 4242... always paid): production refuses it, so no deployment takes orders it cannot charge.
   */
  PAYMENTS_PROVIDER: inProduction(z.enum(["test"]).default("test"), {
    refused: { values: ["test"], reason: "the test card provider moves no money (4242... cards would be paid)" },
  }),
  /**
   * How long a provider call may take before it counts as TIMEOUT (504). A timed-out
   * authorization then gets half as long again to be voided at the provider: 3.75 s at most by
   * default, below the checkout saga's own client timeout (5 s), so the saga sees our answer.
   */
  PAYMENTS_PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(2_500),
});

export type PaymentsEnv = z.infer<typeof schema>;

/** The payments configuration, read once from the environment (the only reader of process.env). */
export const loadPaymentsEnv = (source: Record<string, string | undefined> = process.env): PaymentsEnv => loadEnv(schema, source);

/** `loadPaymentsEnv` that throws EnvError instead of exiting (for tests). */
export const parsePaymentsEnv = (source: Record<string, string | undefined>): PaymentsEnv => parseEnv(schema, source);
