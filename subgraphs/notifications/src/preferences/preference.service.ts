import { BadUserInputError, requireScope, SCOPES } from "@amazoff/kit";
import type { NotificationsContext } from "../context.ts";
import { NOTIFICATION_KINDS, type NotificationKind } from "../notifications/notification.model.ts";
import { toE164 } from "./phone.ts";
import type { Preferences } from "./preference.model.ts";
import type { PreferenceRepository } from "./preference.repository.ts";

export interface PreferencesInput {
  email?: boolean | null;
  sms?: boolean | null;
  smsNumber?: string | null;
  mutedKinds?: readonly NotificationKind[] | null;
}

/** A user's own notification preferences: in-app always, email and SMS as they choose. */
export class PreferenceService {
  constructor(private readonly preferences: PreferenceRepository) {}

  async mine(ctx: NotificationsContext): Promise<Preferences> {
    const viewer = requireScope(ctx.viewer, SCOPES.USERS_READ_OWN);
    const [preferences] = await this.preferences.findMany([viewer.userId]);
    return preferences!;
  }

  async update(ctx: NotificationsContext, input: PreferencesInput): Promise<Preferences> {
    const viewer = requireScope(ctx.viewer, SCOPES.USERS_WRITE_OWN);
    const [current] = await this.preferences.findMany([viewer.userId]);
    const next: Preferences = { ...current! };
    if (input.email !== undefined) {
      if (input.email === null) throw new BadUserInputError("`input.email` must be true or false", "input.email");
      next.email = input.email;
    }
    if (input.smsNumber !== undefined) {
      next.smsNumber = input.smsNumber === null ? null : toE164(input.smsNumber, "input.smsNumber");
      // Without a number there is nowhere to send SMS.
      if (next.smsNumber === null) next.sms = false;
    }
    if (input.sms !== undefined) {
      if (input.sms === null) throw new BadUserInputError("`input.sms` must be true or false", "input.sms");
      if (input.sms && !next.smsNumber)
        throw new BadUserInputError("Give an SMS number (`input.smsNumber`) to turn SMS on", "input.smsNumber");
      next.sms = input.sms;
    }
    if (input.mutedKinds !== undefined) {
      if (input.mutedKinds === null)
        throw new BadUserInputError("`input.mutedKinds` must be a list (empty to mute nothing)", "input.mutedKinds");
      next.mutedKinds = NOTIFICATION_KINDS.filter((kind) => input.mutedKinds!.includes(kind));
    }
    const saved = await this.preferences.save(next);
    ctx.log.info(
      { userId: viewer.userId, email: saved.email, sms: saved.sms, muted: saved.mutedKinds.length },
      "notification preferences changed",
    );
    return saved;
  }
}
