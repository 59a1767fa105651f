import type { NotificationKind } from "../notifications/notification.model.ts";

/** Outbound channels; in-app is always on and is not one of them. */
export type Channel = "EMAIL" | "SMS";

/** A user's notification preferences (the defaults until they change them). */
export interface Preferences {
  userId: string;
  email: boolean;
  sms: boolean;
  /** E.164, e.g. `+14155550123`. */
  smsNumber: string | null;
  /** Kinds that stay in-app only. */
  mutedKinds: NotificationKind[];
}

export const defaultPreferences = (userId: string): Preferences => ({ userId, email: true, sms: false, smsNumber: null, mutedKinds: [] });

/** The outbound channels a notification of `kind` goes out by for someone with these preferences. */
export function channelsFor(preferences: Preferences, kind: NotificationKind): Channel[] {
  if (preferences.mutedKinds.includes(kind)) return [];
  const channels: Channel[] = [];
  if (preferences.email) channels.push("EMAIL");
  if (preferences.sms && preferences.smsNumber) channels.push("SMS");
  return channels;
}
