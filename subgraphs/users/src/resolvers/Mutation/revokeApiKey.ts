import type { MutationResolvers } from "../../generated/graphql.ts";

export const revokeApiKey: MutationResolvers["revokeApiKey"] = (_parent, { id }, ctx) => ctx.apiKeys.revoke(ctx, id);
