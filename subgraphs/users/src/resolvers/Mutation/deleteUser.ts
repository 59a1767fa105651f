import type { MutationResolvers } from "../../generated/graphql.ts";

export const deleteUser: MutationResolvers["deleteUser"] = (_parent, { id }, ctx) => ctx.erasure.deleteUser(ctx, id);
