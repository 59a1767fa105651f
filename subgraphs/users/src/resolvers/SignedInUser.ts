import type { SignedInUserResolvers } from "../generated/graphql.ts";

// Only sign-in payloads return this type; every field but the id is served for the account the
// request itself signed in only (the router cannot authorize a caller who holds no token yet).
export const SignedInUser: SignedInUserResolvers = {
  displayName: (user, _args, ctx) => ctx.users.signedInField(ctx, user, (u) => u.displayName),
  email: (user, _args, ctx) => ctx.users.signedInField(ctx, user, (u) => u.email),
  role: (user, _args, ctx) => ctx.users.signedInField(ctx, user, (u) => u.role),
  createdAt: (user, _args, ctx) => ctx.users.signedInField(ctx, user, (u) => u.createdAt),
  addresses: (user, _args, ctx) => ctx.addresses.ofSignedInUser(ctx, user),
};
