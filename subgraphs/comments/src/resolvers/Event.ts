import type { EventResolvers } from "../generated/graphql.ts";

export const Event: EventResolvers = {
  __resolveReference: (reference, ctx) => ctx.comments.entityReference(reference.id),
  comments: (event, args, ctx) => ctx.comments.ofEvent(ctx, event, args),
};
