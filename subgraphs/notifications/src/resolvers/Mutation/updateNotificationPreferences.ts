import type { MutationResolvers } from "../../generated/graphql.ts";

export const updateNotificationPreferences: MutationResolvers["updateNotificationPreferences"] = (_root, { input }, ctx) =>
  ctx.preferences.update(ctx, input);
