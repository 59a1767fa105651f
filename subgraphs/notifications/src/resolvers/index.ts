import { DateTimeScalar } from "@amazoff/kit";
import type { Resolvers } from "../generated/graphql.ts";
import { markAllNotificationsRead } from "./Mutation/markAllNotificationsRead.ts";
import { markNotificationsRead } from "./Mutation/markNotificationsRead.ts";
import { updateNotificationPreferences } from "./Mutation/updateNotificationPreferences.ts";
import { Notification } from "./Notification.ts";
import { OrderStatusUpdate, StockUpdate } from "./OrderStatusUpdate.ts";
import { notificationPreferences } from "./Query/notificationPreferences.ts";
import { notificationAdded } from "./Subscription/notificationAdded.ts";
import { orderStatusChanged } from "./Subscription/orderStatusChanged.ts";
import { stockChanged } from "./Subscription/stockChanged.ts";
import { User } from "./User.ts";

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: { notificationPreferences },
  Mutation: { markNotificationsRead, markAllNotificationsRead, updateNotificationPreferences },
  Subscription: { notificationAdded, orderStatusChanged, stockChanged },
  Notification,
  User,
  OrderStatusUpdate,
  StockUpdate,
};
