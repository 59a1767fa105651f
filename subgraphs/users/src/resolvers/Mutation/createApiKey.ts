import type { MutationResolvers } from "../../generated/graphql.ts";

export const createApiKey: MutationResolvers["createApiKey"] = (_parent, args, ctx) => ctx.apiKeys.create(ctx, args);
