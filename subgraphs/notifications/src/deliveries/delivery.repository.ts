import { randomUUID } from "node:crypto";
import type { NotificationsDb } from "../db.ts";
import type { Notification, NotificationKind } from "../notifications/notification.model.ts";
import type { Channel } from "../preferences/preference.model.ts";
import { Prisma, run, type Queryable } from "../sql.ts";

/** A delivery the worker claimed, with what its message says. */
export interface ClaimedDelivery {
  id: string;
  recipientId: string;
  channel: Channel;
  /** Attempts including this one. */
  attempts: number;
  notification: Pick<Notification, "id" | "kind" | "title" | "body" | "link">;
}

export type DeliveryStatus = "PENDING" | "SENT" | "FAILED" | "SKIPPED";

/** The delivery outbox (see the Delivery model): rows are claimed with FOR UPDATE SKIP LOCKED. */
export class DeliveryRepository {
  constructor(private readonly db: NotificationsDb) {}

  /** Queues deliveries on the caller's transaction (with the notifications they send). */
  async enqueue(client: Queryable, rows: readonly { notificationId: string; recipientId: string; channel: Channel }[]): Promise<number> {
    if (rows.length === 0) return 0;
    const { rowCount } = await run(
      client,
      Prisma.sql`
        INSERT INTO deliveries (id, notification_id, recipient_id, channel)
        SELECT * FROM unnest(${rows.map(() => randomUUID())}::uuid[], ${rows.map((r) => r.notificationId)}::uuid[],
                             ${rows.map((r) => r.recipientId)}::uuid[], ${rows.map((r) => r.channel)}::delivery_channel[])`,
    );
    return rowCount ?? 0;
  }

  /**
   * Claims up to `limit` due deliveries: each counts an attempt and is pushed `leaseMs` ahead, so
   * no other worker takes it meanwhile, and a worker that dies mid-send leaves it to be retried
   * once the lease is over. SKIP LOCKED lets several replicas claim side by side.
   */
  async claimDue(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    const { rows } = await run<{
      id: string;
      recipient_id: string;
      channel: Channel;
      attempts: number;
      notification_id: string;
      kind: NotificationKind;
      title: string;
      body: string;
      link: string | null;
    }>(
      this.db.pool,
      Prisma.sql`
        WITH due AS (
          SELECT id FROM deliveries WHERE status = 'PENDING' AND next_attempt_at <= now()
          ORDER BY next_attempt_at LIMIT ${limit} FOR UPDATE SKIP LOCKED
        ), claimed AS (
          UPDATE deliveries d SET attempts = d.attempts + 1, next_attempt_at = now() + ${leaseMs} * interval '1 millisecond'
          FROM due WHERE d.id = due.id
          RETURNING d.id, d.recipient_id, d.channel, d.attempts, d.notification_id
        )
        SELECT c.id, c.recipient_id, c.channel::text AS channel, c.attempts, c.notification_id, n.kind::text AS kind, n.title, n.body, n.link
        FROM claimed c JOIN notifications n ON n.id = c.notification_id`,
    );
    return rows.map((r) => ({
      id: r.id,
      recipientId: r.recipient_id,
      channel: r.channel,
      attempts: r.attempts,
      notification: { id: r.notification_id, kind: r.kind, title: r.title, body: r.body, link: r.link },
    }));
  }

  async markSent(id: string): Promise<void> {
    await run(this.db.pool, Prisma.sql`UPDATE deliveries SET status = 'SENT', sent_at = now(), last_error = NULL WHERE id = ${id}::uuid`);
  }

  /** Another attempt after `delayMs`, or FAILED when `final`. */
  async markFailedAttempt(id: string, error: string, options: { final: boolean; delayMs: number }): Promise<void> {
    const status = options.final ? "FAILED" : "PENDING";
    await run(
      this.db.pool,
      Prisma.sql`UPDATE deliveries SET status = ${status}::delivery_status, last_error = ${error.slice(0, 500)},
                   next_attempt_at = now() + ${options.delayMs} * interval '1 millisecond' WHERE id = ${id}::uuid`,
    );
  }

  async markSkipped(id: string, reason: string): Promise<void> {
    await run(this.db.pool, Prisma.sql`UPDATE deliveries SET status = 'SKIPPED', last_error = ${reason} WHERE id = ${id}::uuid`);
  }
}
