import type { QueryResolvers } from "../../generated/graphql.ts";

export const notificationPreferences: QueryResolvers["notificationPreferences"] = (_root, _args, ctx) => ctx.preferences.mine(ctx);
