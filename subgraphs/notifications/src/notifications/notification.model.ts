/** What a notification is about (NotificationKind in schema.graphql and the database). */
export const NOTIFICATION_KINDS = ["WELCOME", "ORDER_PLACED", "ORDER_STATUS_CHANGED", "PAYMENT_FAILED", "STOCK_LOW"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** An in-app notification as services and resolvers see it. */
export interface Notification {
  id: string;
  recipientId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  /** A path in the shop, e.g. `/orders/<id>`. */
  link: string | null;
  orderId: string | null;
  productId: string | null;
  createdAt: Date;
  readAt: Date | null;
}

/** A notification to make: what it says and what it points at. */
export interface NotificationDraft {
  kind: NotificationKind;
  title: string;
  body: string;
  link: string | null;
  orderId?: string | null;
  productId?: string | null;
}

/** A reference to an entity another subgraph resolves (`{ id }`). */
export interface EntityRef {
  id: string;
}

/** Where a page of a user's notifications starts: the last one of the previous page. */
export interface NotificationPosition {
  createdAt: string;
  id: string;
}
