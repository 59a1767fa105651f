import type { QueryResolvers } from "../../generated/graphql.ts";

export const supplier: QueryResolvers["supplier"] = (_parent, { id }, ctx) => ctx.suppliers.byId(ctx, id);
