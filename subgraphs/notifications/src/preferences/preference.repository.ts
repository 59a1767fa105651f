import type { NotificationsDb } from "../db.ts";
import type { NotificationKind } from "../notifications/notification.model.ts";
import { Prisma, run, type Queryable } from "../sql.ts";
import { defaultPreferences, type Preferences } from "./preference.model.ts";

interface PreferenceRow {
  user_id: string;
  email: boolean;
  sms: boolean;
  sms_number: string | null;
  muted_kinds: NotificationKind[] | null;
}

const toPreferences = (row: PreferenceRow): Preferences => ({
  userId: row.user_id,
  email: row.email,
  sms: row.sms,
  smsNumber: row.sms_number,
  mutedKinds: row.muted_kinds ?? [],
});

export class PreferenceRepository {
  constructor(private readonly db: NotificationsDb) {}

  /** Each user's preferences, the defaults for those who never changed them, in `userIds` order. */
  async findMany(userIds: readonly string[], on: Queryable = this.db.pool): Promise<Preferences[]> {
    const { rows } = await run<PreferenceRow>(
      on,
      Prisma.sql`SELECT user_id, email, sms, sms_number, muted_kinds::text[] AS muted_kinds
                 FROM notification_preferences WHERE user_id = ANY(${[...userIds]}::uuid[])`,
    );
    const found = new Map(rows.map((row) => [row.user_id, toPreferences(row)]));
    return userIds.map((id) => found.get(id) ?? defaultPreferences(id));
  }

  async save(preferences: Preferences): Promise<Preferences> {
    const { rows } = await run<PreferenceRow>(
      this.db.pool,
      Prisma.sql`
        INSERT INTO notification_preferences (user_id, email, sms, sms_number, muted_kinds, updated_at)
        VALUES (${preferences.userId}::uuid, ${preferences.email}, ${preferences.sms}, ${preferences.smsNumber},
                ${preferences.mutedKinds}::notification_kind[], now())
        ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, sms = EXCLUDED.sms, sms_number = EXCLUDED.sms_number,
          muted_kinds = EXCLUDED.muted_kinds, updated_at = now()
        RETURNING user_id, email, sms, sms_number, muted_kinds::text[] AS muted_kinds`,
    );
    return toPreferences(rows[0]!);
  }
}
