import {
  assertId,
  BadUserInputError,
  decodeCursor,
  ForbiddenError,
  isUuid,
  NotFoundError,
  pageSize,
  requireScope,
  SCOPES,
  toConnection,
  type Connection,
  type PageArgs,
} from "@amazoff/kit";
import { z } from "zod";
import type { NotificationsContext } from "../context.ts";
import type { Notification, NotificationPosition } from "./notification.model.ts";
import type { NotificationRepository } from "./notification.repository.ts";

const positionSchema = z.object({ createdAt: z.iso.datetime(), id: z.uuid() });

/** Most ids one markNotificationsRead takes. */
export const MAX_MARK_IDS = 100;

/**
 * A user's in-app notifications. Only the user themself reads or changes them (staff included:
 * notifications are private); another user's notification is NOT_FOUND, never FORBIDDEN, so ids
 * reveal nothing.
 */
export class NotificationService {
  constructor(private readonly notifications: NotificationRepository) {}

  /** For federation references: the recipient's own notifications only; anything else is not one of ours. */
  async byReference(ctx: NotificationsContext, id: unknown): Promise<Notification | null> {
    if (!ctx.viewer || !isUuid(id)) return null;
    const notification = await ctx.loaders.notification.load(id.toLowerCase());
    return notification?.recipientId === ctx.viewer.userId ? notification : null;
  }

  /** The user's notifications (User.notifications): the user themself only. */
  async pageOf(
    ctx: NotificationsContext,
    userId: string,
    args: PageArgs & { unreadOnly?: boolean | null },
  ): Promise<Connection<Notification>> {
    this.requireSelf(ctx, userId, SCOPES.USERS_READ_OWN);
    const size = pageSize(args.first);
    const after = args.after ? (decodeCursor(args.after, positionSchema) as NotificationPosition) : undefined;
    const unreadOnly = args.unreadOnly ?? false;
    const rows = size === 0 ? [] : await this.notifications.page({ recipientId: userId, unreadOnly, after, take: size + 1 });
    for (const row of rows) ctx.loaders.notification.prime(row.id, row);
    return toConnection(rows, size, (n): NotificationPosition => ({ createdAt: n.createdAt.toISOString(), id: n.id }), {
      hasPreviousPage: Boolean(after),
      totalCount: async () => (unreadOnly ? ctx.loaders.unreadCount : ctx.loaders.totalCount).load(userId),
    });
  }

  async unreadCountOf(ctx: NotificationsContext, userId: string): Promise<number> {
    this.requireSelf(ctx, userId, SCOPES.USERS_READ_OWN);
    return ctx.loaders.unreadCount.load(userId);
  }

  /** Marks the viewer's notifications read; NOT_FOUND (and nothing marked) when an id is not theirs. */
  async markRead(ctx: NotificationsContext, ids: readonly string[]): Promise<Notification[]> {
    const viewer = requireScope(ctx.viewer, SCOPES.USERS_WRITE_OWN);
    if (ids.length === 0 || ids.length > MAX_MARK_IDS) throw new BadUserInputError(`\`ids\` must hold 1 to ${MAX_MARK_IDS} ids`, "ids");
    const wanted = [...new Set(ids.map((id, i) => assertId(id, `ids[${i}]`, "notification id")))];
    const mine = await ctx.loaders.notification.loadMany(wanted);
    const missing = wanted.find((_id, i) => {
      const found = mine[i];
      return !found || found instanceof Error || found.recipientId !== viewer.userId;
    });
    if (missing) throw new NotFoundError(`No notification ${missing}`);
    const marked = new Map((await this.notifications.markRead(viewer.userId, wanted)).map((n) => [n.id, n]));
    ctx.log.info({ userId: viewer.userId, count: wanted.length }, "notifications marked read");
    return ids.map((id) => marked.get(id.toLowerCase())!).filter(Boolean);
  }

  async markAllRead(ctx: NotificationsContext): Promise<number> {
    const viewer = requireScope(ctx.viewer, SCOPES.USERS_WRITE_OWN);
    const count = await this.notifications.markAllRead(viewer.userId);
    ctx.log.info({ userId: viewer.userId, count }, "all notifications marked read");
    return count;
  }

  /** Only the user themself, with `scope`: staff do not read other people's notifications. */
  private requireSelf(ctx: NotificationsContext, userId: string, scope: string): void {
    const viewer = requireScope(ctx.viewer, scope);
    if (viewer.userId !== userId) throw new ForbiddenError("Notifications are private to their recipient");
  }
}
