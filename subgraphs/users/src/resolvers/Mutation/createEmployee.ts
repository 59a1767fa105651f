import type { MutationResolvers } from "../../generated/graphql.ts";

export const createEmployee: MutationResolvers["createEmployee"] = (_parent, args, ctx) => ctx.staff.createEmployee(ctx, args);
