import { randomUUID } from "node:crypto";
import type { NotificationsDb } from "../db.ts";
import { Prisma, run, type Queryable } from "../sql.ts";
import type { Notification, NotificationDraft, NotificationKind, NotificationPosition } from "./notification.model.ts";

// SQL through the shared pool (reads) or the consumer's transaction client (writes made with the
// "event processed" marker); `Prisma.sql` binds every value.

interface NotificationRow {
  id: string;
  recipient_id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string | null;
  order_id: string | null;
  product_id: string | null;
  created_at: Date;
  read_at: Date | null;
}

const COLUMNS = Prisma.sql`id, recipient_id, kind::text AS kind, title, body, link, order_id, product_id, created_at, read_at`;

const toNotification = (row: NotificationRow): Notification => ({
  id: row.id,
  recipientId: row.recipient_id,
  kind: row.kind,
  title: row.title,
  body: row.body,
  link: row.link,
  orderId: row.order_id,
  productId: row.product_id,
  createdAt: row.created_at,
  readAt: row.read_at,
});

export class NotificationRepository {
  constructor(private readonly db: NotificationsDb) {}

  /** Makes notifications (one per recipient) on the caller's transaction. */
  async insert(client: Queryable, recipientIds: readonly string[], draft: NotificationDraft): Promise<Notification[]> {
    if (recipientIds.length === 0) return [];
    const ids = recipientIds.map(() => randomUUID());
    const { rows } = await run<NotificationRow>(
      client,
      Prisma.sql`
        INSERT INTO notifications (id, recipient_id, kind, title, body, link, order_id, product_id)
        SELECT id, recipient_id, ${draft.kind}::notification_kind, ${draft.title}, ${draft.body}, ${draft.link},
               ${draft.orderId ?? null}::uuid, ${draft.productId ?? null}::uuid
        FROM unnest(${ids}::uuid[], ${[...recipientIds]}::uuid[]) AS n(id, recipient_id)
        RETURNING ${COLUMNS}`,
    );
    return rows.map(toNotification);
  }

  async findByIds(ids: readonly string[]): Promise<Notification[]> {
    const { rows } = await run<NotificationRow>(
      this.db.pool,
      Prisma.sql`SELECT ${COLUMNS} FROM notifications WHERE id = ANY(${[...ids]}::uuid[])`,
    );
    return rows.map(toNotification);
  }

  /** A user's notifications, newest first, after `after`. */
  async page(args: { recipientId: string; unreadOnly: boolean; after?: NotificationPosition; take: number }): Promise<Notification[]> {
    const conditions = [Prisma.sql`recipient_id = ${args.recipientId}::uuid`];
    if (args.unreadOnly) conditions.push(Prisma.sql`read_at IS NULL`);
    if (args.after)
      conditions.push(Prisma.sql`(created_at, id) < (${new Date(args.after.createdAt)}::timestamptz, ${args.after.id}::uuid)`);
    const { rows } = await run<NotificationRow>(
      this.db.pool,
      Prisma.sql`SELECT ${COLUMNS} FROM notifications WHERE ${Prisma.join(conditions, " AND ")}
                 ORDER BY created_at DESC, id DESC LIMIT ${args.take}`,
    );
    return rows.map(toNotification);
  }

  /** How many notifications each user has (unread only, or all). */
  async countByRecipients(recipientIds: readonly string[], unreadOnly: boolean): Promise<{ recipientId: string; count: number }[]> {
    const unread = unreadOnly ? Prisma.sql`AND read_at IS NULL` : Prisma.empty;
    const { rows } = await run<{ recipient_id: string; count: number }>(
      this.db.pool,
      Prisma.sql`SELECT recipient_id, count(*)::int AS count FROM notifications
                 WHERE recipient_id = ANY(${[...recipientIds]}::uuid[]) ${unread} GROUP BY recipient_id`,
    );
    return rows.map((r) => ({ recipientId: r.recipient_id, count: r.count }));
  }

  /**
   * Marks these of the recipient's notifications read (those already read keep their time) and
   * returns every one of them that is the recipient's, read or not: ids of others are left out.
   */
  async markRead(recipientId: string, ids: readonly string[]): Promise<Notification[]> {
    const { rows } = await run<NotificationRow>(
      this.db.pool,
      Prisma.sql`
        WITH marked AS (
          UPDATE notifications SET read_at = now()
          WHERE recipient_id = ${recipientId}::uuid AND id = ANY(${[...ids]}::uuid[]) AND read_at IS NULL
          RETURNING ${COLUMNS}
        )
        SELECT * FROM marked
        UNION ALL
        SELECT ${COLUMNS} FROM notifications
        WHERE recipient_id = ${recipientId}::uuid AND id = ANY(${[...ids]}::uuid[]) AND id NOT IN (SELECT id FROM marked)`,
    );
    return rows.map(toNotification);
  }

  async markAllRead(recipientId: string): Promise<number> {
    const { rowCount } = await run(
      this.db.pool,
      Prisma.sql`UPDATE notifications SET read_at = now() WHERE recipient_id = ${recipientId}::uuid AND read_at IS NULL`,
    );
    return rowCount ?? 0;
  }
}
