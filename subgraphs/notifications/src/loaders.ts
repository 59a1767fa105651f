import { keyLoader } from "@amazoff/kit";
import DataLoader from "dataloader";
import type { NotificationRepository } from "./notifications/notification.repository.ts";

/** Per-request DataLoaders: entity references and counts are one query per batch. */
export function createLoaders(notifications: NotificationRepository) {
  const counter = (unreadOnly: boolean) =>
    new DataLoader<string, number>(async (userIds) => {
      const counts = new Map((await notifications.countByRecipients(userIds, unreadOnly)).map((c) => [c.recipientId, c.count]));
      return userIds.map((id) => counts.get(id) ?? 0);
    });
  return {
    notification: keyLoader(
      (ids: readonly string[]) => notifications.findByIds(ids),
      (n) => n.id,
    ),
    unreadCount: counter(true),
    totalCount: counter(false),
  };
}

export type NotificationsLoaders = ReturnType<typeof createLoaders>;
