import type { UserResolvers } from "../generated/graphql.ts";

// id and displayName are public (default resolvers); the rest goes through the private-field guard.
export const User: UserResolvers = {
  __resolveReference: (reference, ctx) => ctx.users.byReference(ctx, reference.id),
  email: (user, _args, ctx) => ctx.users.privateField(ctx, user, (u) => u.email),
  role: (user, _args, ctx) => ctx.users.privateField(ctx, user, (u) => u.role),
  createdAt: (user, _args, ctx) => ctx.users.privateField(ctx, user, (u) => u.createdAt),
  addresses: (user, _args, ctx) => ctx.addresses.ofUser(ctx, user),
};
