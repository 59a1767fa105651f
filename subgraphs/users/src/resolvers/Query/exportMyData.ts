import type { QueryResolvers } from "../../generated/graphql.ts";

export const exportMyData: QueryResolvers["exportMyData"] = (_parent, _args, ctx) => ctx.personalData.mine(ctx);
