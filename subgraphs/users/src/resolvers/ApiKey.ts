import { NotFoundError } from "@amazoff/kit";
import type { ApiKeyResolvers } from "../generated/graphql.ts";

export const ApiKey: ApiKeyResolvers = {
  partner: async (key, _args, ctx) => {
    const partner = await ctx.loaders.user.load(key.userId);
    // user_id is a cascading foreign key: a key without its partner is a broken invariant.
    if (!partner) throw new NotFoundError(`Partner of API key ${key.id} not found`);
    return partner;
  },
};
