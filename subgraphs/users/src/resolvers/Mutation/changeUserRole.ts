import type { MutationResolvers } from "../../generated/graphql.ts";

export const changeUserRole: MutationResolvers["changeUserRole"] = (_parent, args, ctx) => ctx.staff.changeUserRole(ctx, args);
