import type { MutationResolvers } from "../../generated/graphql.ts";
import { outcomeToResult } from "../CheckoutResult.ts";

export const checkout: MutationResolvers["checkout"] = async (_parent, { input }, ctx) =>
  outcomeToResult(ctx, await ctx.checkout.checkout(ctx, input));
