import { envFields, inProduction, loadEnv, parseEnv, serviceEnvSchema, subgraphEnvFields } from "@amazoff/kit";
import { z } from "zod";

const perMinute = (fallback: number) => z.coerce.number().int().min(1).max(10_000).default(fallback);
const burst = (fallback: number) => z.coerce.number().int().min(1).max(10_000).default(fallback);

const schema = serviceEnvSchema({
  /** PORT, HOST, NODE_ENV, LOG_LEVEL, COMMENTS_DATABASE_URL, COMMENTS_DB_POOL_SIZE, USERS_JWKS_URL, INTERNAL_API_SECRET */
  ...subgraphEnvFields("COMMENTS", 4009),
  /** The catalog's internal API: does the product of a `product:<id>` section exist? */
  CATALOG_INTERNAL_URL: envFields.serviceUrl("http://localhost:4001"),
  /** The events subgraph's internal API: does the event of an `event:<id>` section exist? */
  EVENTS_INTERNAL_URL: envFields.serviceUrl("http://localhost:4010"),
  /** How long a call to a peer may take before posting fails cleanly (INTERNAL, try again). */
  COMMENTS_PEER_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3_000),
  /** Comments (posts and edits) a signed-in user may write at once, then COMMENTS_USER_PER_MINUTE. */
  COMMENTS_USER_BURST: burst(10),
  COMMENTS_USER_PER_MINUTE: perMinute(4),
  /** The same per partner API key (an integration posts more than a person). */
  COMMENTS_API_KEY_BURST: burst(60),
  COMMENTS_API_KEY_PER_MINUTE: perMinute(60),
  /**
   * The event queue's database (pg-boss): CommentReplied is published, UserDeleted consumed.
   * Without it events wait in the outbox and no erasure runs; required in production.
   */
  EVENTS_DATABASE_URL: inProduction(envFields.postgresUrl.optional(), { required: true }),
  /** Load the demo threads on products and pages (idempotent); `npm start` turns it on. */
  SEED_DEMO_DATA: envFields.boolean(false),
});

export type CommentsEnv = z.infer<typeof schema>;

/** The comments subgraph's configuration, read once from the environment (the only reader of process.env). */
export const loadCommentsEnv = (source: Record<string, string | undefined> = process.env): CommentsEnv => loadEnv(schema, source);

/** `loadCommentsEnv` that throws EnvError instead of exiting (for tests). */
export const parseCommentsEnv = (source: Record<string, string | undefined>): CommentsEnv => parseEnv(schema, source);
