import type { NotificationsDb } from "../db.ts";
import { Prisma, run, type Queryable } from "../sql.ts";

/** What the event consumers need beyond notifications and deliveries: erasure and housekeeping. */
export class ConsumerRepository {
  constructor(private readonly db: NotificationsDb) {}

  /** Those of `userIds` whose accounts were erased. */
  async erased(client: Queryable, userIds: readonly string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const { rows } = await run<{ user_id: string }>(
      client,
      Prisma.sql`SELECT user_id FROM erased_users WHERE user_id = ANY(${[...userIds]}::uuid[])`,
    );
    return new Set(rows.map((r) => r.user_id));
  }

  /**
   * GDPR erasure: the user's notifications with their pending deliveries, preferences (their SMS
   * number) and order projection go; a tombstone keeps later events about them from making new ones.
   */
  async eraseUser(client: Queryable, userId: string): Promise<{ notifications: number; deliveries: number }> {
    const deliveries = await run(client, Prisma.sql`DELETE FROM deliveries WHERE recipient_id = ${userId}::uuid`);
    const notifications = await run(client, Prisma.sql`DELETE FROM notifications WHERE recipient_id = ${userId}::uuid`);
    await run(client, Prisma.sql`DELETE FROM notification_preferences WHERE user_id = ${userId}::uuid`);
    await run(client, Prisma.sql`DELETE FROM order_owners WHERE user_id = ${userId}::uuid`);
    await run(client, Prisma.sql`INSERT INTO erased_users (user_id) VALUES (${userId}::uuid) ON CONFLICT DO NOTHING`);
    return { notifications: notifications.rowCount ?? 0, deliveries: deliveries.rowCount ?? 0 };
  }

  /**
   * Forgets "processed" markers older than `before`: the queue never redelivers an event that
   * late (its retries span well under a day).
   */
  async purgeMarkers(before: Date): Promise<number> {
    const { rowCount } = await run(this.db.pool, Prisma.sql`DELETE FROM processed_events WHERE processed_at < ${before}`);
    return rowCount ?? 0;
  }
}
