import type { MutationResolvers } from "../../generated/graphql.ts";

export const createPartner: MutationResolvers["createPartner"] = (_parent, args, ctx) => ctx.staff.createPartner(ctx, args);
