import { envFields, inProduction, loadEnv, parseEnv, serviceEnvSchema } from "@amazoff/kit";
import { z } from "zod";

const schema = serviceEnvSchema({
  PORT: envFields.port(4007),
  HOST: z.string().default("0.0.0.0"),
  NODE_ENV: envFields.nodeEnv,
  LOG_LEVEL: envFields.logLevel,
  NOTIFICATIONS_DATABASE_URL: envFields.postgresUrl,
  NOTIFICATIONS_DB_POOL_SIZE: z.coerce.number().int().min(2).max(100).default(10),
  /** Public keys of the users subgraph, to verify the access tokens the router forwards (HTTP and WebSocket). */
  USERS_JWKS_URL: envFields.serviceUrl("http://localhost:4002/.well-known/jwks.json"),
  /** Shared secret of the internal endpoints we call (users' contacts and staff, orders' owners). */
  INTERNAL_API_SECRET: envFields.internalSecret(),
  /** The users subgraph's internal API: contact details at send time, the staff list. */
  USERS_INTERNAL_URL: envFields.serviceUrl("http://localhost:4002"),
  /** The orders subgraph's internal API: who placed an order the projection has not seen yet. */
  ORDERS_INTERNAL_URL: envFields.serviceUrl("http://localhost:4005"),
  /** How long a call to a peer may take. */
  NOTIFICATIONS_PEER_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3_000),
  /** The event queue (pg-boss): the domain events notifications are made from. Required in production. */
  EVENTS_DATABASE_URL: inProduction(envFields.postgresUrl.optional(), { required: true }),
  /** The shop's name and address, in every email (the link back). */
  SHOP_NAME: z.string().min(1).max(100).default("Amazoff"),
  SHOP_URL: envFields.serviceUrl("http://localhost:4000"),
  /**
   * Outgoing mail server, e.g. `smtp://user:password@mail.example.com:587` (or `smtps://` for
   * TLS from the start). Unset: no email leaves (development writes .eml files instead, see
   * NOTIFICATIONS_OUTBOX_DIR). Required in production.
   */
  SMTP_URL: inProduction(
    z
      .url()
      .refine((value) => /^smtps?:\/\//.test(value), "must be an smtp:// or smtps:// URL")
      .optional(),
    { required: true },
  ),
  /** The sender of every email. */
  SMTP_FROM: inProduction(z.string().min(3).default("Amazoff <no-reply@localhost>"), {
    developmentDefault: "Amazoff <no-reply@localhost>",
  }),
  /**
   * Development: every email is also written there as an `.eml` file, and SMS messages (with the
   * file provider) are appended to `sms.log`; `npm start` passes `.data/outbox`. Refused in
   * production: it would keep copies of personal data on disk.
   */
  NOTIFICATIONS_OUTBOX_DIR: z.string().min(1).optional(),
  /**
   * Who sends SMS: `file` (development: NOTIFICATIONS_OUTBOX_DIR/sms.log) or `none` (SMS are not
   * sent; the preference is kept). No SMS provider exists yet: production refuses `file`.
   */
  NOTIFICATIONS_SMS_PROVIDER: inProduction(z.enum(["file", "none"]).default("file"), {
    refused: { values: ["file"], reason: "the file provider sends nothing; set none until a real SMS provider exists" },
  }),
  /**
   * Redis for the pub/sub between replicas (`redis://host:6379`): an event consumed by one replica
   * reaches the subscribers of every replica. Unset: in memory (one replica, as `npm start` runs).
   */
  NOTIFICATIONS_REDIS_URL: z
    .url()
    .refine((value) => /^rediss?:\/\//.test(value), "must be a redis:// or rediss:// URL")
    .optional(),
  /** Attempts per email or SMS before it is given up (FAILED). */
  NOTIFICATIONS_DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(8),
  /** Wait before the first retry; each further retry waits twice as long (capped at an hour), with jitter. */
  NOTIFICATIONS_DELIVERY_RETRY_MS: z.coerce.number().int().min(10).max(3_600_000).default(5_000),
  /** How often the delivery worker looks for due messages (it is also woken when some are queued). */
  NOTIFICATIONS_DELIVERY_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
  /** How long a claimed message is someone's: a worker that dies mid-send frees it after this. */
  NOTIFICATIONS_DELIVERY_LEASE_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(60_000),
}).superRefine((env, ctx) => {
  if (env.NODE_ENV === "production" && env.NOTIFICATIONS_OUTBOX_DIR) {
    ctx.addIssue({ code: "custom", path: ["NOTIFICATIONS_OUTBOX_DIR"], message: "is for development only (copies of messages on disk)" });
  }
});

export type NotificationsEnv = z.infer<typeof schema>;

/** The notifications subgraph's configuration, read once from the environment (the only reader of process.env). */
export const loadNotificationsEnv = (source: Record<string, string | undefined> = process.env): NotificationsEnv => loadEnv(schema, source);

/** `loadNotificationsEnv` that throws EnvError instead of exiting (for tests). */
export const parseNotificationsEnv = (source: Record<string, string | undefined>): NotificationsEnv => parseEnv(schema, source);
