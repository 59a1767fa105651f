import {
  assertId,
  decodeCursor,
  ForbiddenError,
  isUuid,
  pageSize,
  requireOwnerOr,
  requireScope,
  requireViewer,
  SCOPES,
  toConnection,
  UnauthenticatedError,
  type Connection,
  type PageArgs,
  type Role,
} from "@amazoff/kit";
import { z } from "zod";
import type { UsersContext } from "../context.ts";
import type { User, UserPosition } from "./user.model.ts";
import type { UserRepository } from "./user.repository.ts";

const positionSchema = z.object({ createdAt: z.iso.datetime(), id: z.uuid() });

/** Reading accounts, and who may see which fields (see the rules at the top of schema.graphql). */
export class UserService {
  constructor(private readonly users: UserRepository) {}

  /** Internal (no viewer: the caller holds the internal secret): the accounts among `ids` that exist, to reach them. */
  contactsOf(ids: readonly string[]): Promise<User[]> {
    return this.users.findActiveByIds(ids);
  }

  /** Internal: a page of staff ids (employees and admins), in id order after `after`. */
  async staffPage(after: string | undefined, first: number): Promise<{ userIds: string[]; hasMore: boolean }> {
    const ids = await this.users.staffIds({ after, take: first + 1 });
    return { userIds: ids.slice(0, first), hasMore: ids.length > first };
  }

  /** For federation references: a malformed id is simply not one of ours. */
  byReference(ctx: UsersContext, id: unknown): Promise<User | null> {
    return isUuid(id) ? ctx.loaders.user.load(id.toLowerCase()) : Promise.resolve(null);
  }

  /** The viewer's account; UNAUTHENTICATED once it was erased (a token issued before still verifies). */
  async me(ctx: UsersContext): Promise<User | null> {
    const viewer = requireViewer(ctx.viewer);
    const user = await ctx.loaders.user.load(viewer.userId);
    if (user?.deletedAt) throw new UnauthenticatedError("This account has been deleted");
    return user;
  }

  byId(ctx: UsersContext, id: string): Promise<User | null> {
    requireScope(ctx.viewer, SCOPES.USERS_READ_ANY);
    return ctx.loaders.user.load(assertId(id, "id", "user id"));
  }

  async list(ctx: UsersContext, args: PageArgs & { role?: Role | null }): Promise<Connection<User>> {
    requireScope(ctx.viewer, SCOPES.USERS_READ_ANY);
    const size = pageSize(args.first);
    const after = args.after ? decodeCursor(args.after, positionSchema) : undefined;
    const rows = size === 0 ? [] : await this.users.list({ role: args.role, after, take: size + 1 });
    for (const user of rows) ctx.loaders.user.prime(user.id, user);
    return toConnection(rows, size, (u): UserPosition => ({ createdAt: u.createdAt.toISOString(), id: u.id }), {
      hasPreviousPage: Boolean(after),
      totalCount: () => this.users.count(args.role),
    });
  }

  /**
   * Guard of private fields (email, role, createdAt, addresses): the user themself with
   * `users:read:own`, or staff with `users:read:any`.
   */
  assertCanReadPrivate(ctx: UsersContext, user: User): void {
    requireScope(ctx.viewer, SCOPES.USERS_READ_OWN, SCOPES.USERS_READ_ANY);
    requireOwnerOr(ctx.viewer, user.id, SCOPES.USERS_READ_ANY);
  }

  /** A private field's value, or FORBIDDEN/UNAUTHENTICATED (the field then resolves to null). */
  privateField<T>(ctx: UsersContext, user: User, value: (user: User) => T): T {
    this.assertCanReadPrivate(ctx, user);
    return value(user);
  }

  /**
   * Guard of `SignedInUser`: the account this very request signed in (signup, login, refresh),
   * which the router cannot authorize since the caller holds no token yet. Only those payloads
   * return the type; this makes sure no other path ever could.
   */
  assertSignedInHere(ctx: UsersContext, user: User): void {
    if (!ctx.authenticatedUserIds.has(user.id)) throw new ForbiddenError("Only the account this request signed in");
  }

  /** A field of the account this request signed in (see `assertSignedInHere`). */
  signedInField<T>(ctx: UsersContext, user: User, value: (user: User) => T): T {
    this.assertSignedInHere(ctx, user);
    return value(user);
  }
}
