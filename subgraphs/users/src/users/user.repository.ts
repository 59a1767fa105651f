import { createEvent, writeToOutbox } from "@amazoff/events";
import { ConflictError, type Role } from "@amazoff/kit";
import { Prisma } from "../generated/prisma/client.ts";
import type { UsersDb } from "../db.ts";
import { EVENT_SOURCE, type EventsCommitted } from "../events/events.ts";
import type { NewUser, RoleChange, User, UserCredentials, UserPosition } from "./user.model.ts";

// Hot reads (entity references, listings) are plain SQL through `db.sql` (see sqlReader in
// @amazoff/db for the measured reason); `Prisma.sql` binds every value. Writes use Prisma.

interface UserRow {
  id: string;
  email: string;
  display_name: string;
  role: Role;
  created_at: Date;
  deleted_at: Date | null;
}

const COLUMNS = Prisma.sql`id, email, display_name, role::text AS role, created_at, deleted_at`;
const toUser = (row: UserRow): User => ({
  id: row.id,
  email: row.email,
  displayName: row.display_name,
  role: row.role,
  createdAt: row.created_at,
  deletedAt: row.deleted_at,
});

/** What Prisma returns of a user for the model: never the password hash. */
export const USER_SELECT = {
  id: true,
  email: true,
  displayName: true,
  role: true,
  createdAt: true,
  deletedAt: true,
} satisfies Prisma.UserSelect;

/**
 * Serialises whatever could remove the last admin (role changes, account erasures): the
 * pg_advisory_xact_lock key, always taken before any user row lock.
 */
export const ADMIN_ROLE_LOCK = 4_202_001;

/** Prisma's "record to update/delete does not exist". */
export const isRecordNotFound = (error: unknown): boolean =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025";

/**
 * Whether `error` is a unique violation (on `field`, when given). The columns are in `meta.target`
 * with Prisma's native engine and under the driver adapter's error with driver adapters.
 */
export function isUniqueViolation(error: unknown, field?: string): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2002") return false;
  if (field === undefined) return true;
  const meta = error.meta as { target?: unknown; driverAdapterError?: { cause?: { constraint?: { fields?: unknown } } } } | undefined;
  const fields = meta?.target ?? meta?.driverAdapterError?.cause?.constraint?.fields;
  return Array.isArray(fields) && fields.includes(field);
}

export class UserRepository {
  /** @param eventsCommitted told after a transaction that wrote outbox rows committed */
  constructor(
    private readonly db: UsersDb,
    private readonly eventsCommitted: EventsCommitted = () => {},
  ) {}

  /** Entity lookups: one statement for the whole batch. Erased accounts are found too (as "Deleted user"). */
  async findByIds(ids: readonly string[]): Promise<User[]> {
    const rows = await this.db.sql.query<UserRow>(Prisma.sql`SELECT ${COLUMNS} FROM users WHERE id = ANY(${[...ids]}::uuid[])`);
    return rows.map(toUser);
  }

  /** Sign-in and password checks: erased accounts are not found (their email is anonymised anyway). */
  async findCredentialsByEmail(email: string): Promise<UserCredentials | null> {
    return this.findCredentials(Prisma.sql`email = ${email}`);
  }

  async findCredentialsById(id: string): Promise<UserCredentials | null> {
    return this.findCredentials(Prisma.sql`id = ${id}::uuid`);
  }

  private async findCredentials(condition: Prisma.Sql): Promise<UserCredentials | null> {
    const rows = await this.db.sql.query<UserRow & { password_hash: string | null }>(
      Prisma.sql`SELECT ${COLUMNS}, password_hash FROM users WHERE ${condition} AND deleted_at IS NULL`,
    );
    return rows[0] ? { ...toUser(rows[0]), passwordHash: rows[0].password_hash } : null;
  }

  /**
   * Creates the account and its UserRegistered event in one transaction. Throws CONFLICT when the
   * (normalised) email is taken.
   */
  async create(user: NewUser): Promise<User> {
    let created: User;
    try {
      created = await this.db.transaction(async (tx) => {
        const row = await tx.user.create({ data: user, select: USER_SELECT });
        await writeToOutbox(tx, createEvent(EVENT_SOURCE, "UserRegistered", { userId: row.id, role: row.role }));
        return row;
      });
    } catch (error) {
      if (isUniqueViolation(error, "email")) throw new ConflictError("An account with this email already exists", { field: "email" });
      throw error;
    }
    this.eventsCommitted();
    return created;
  }

  /** Null when the account no longer exists. */
  async updateDisplayName(id: string, displayName: string): Promise<User | null> {
    try {
      return await this.db.prisma.user.update({ where: { id }, data: { displayName }, select: USER_SELECT });
    } catch (error) {
      if (isRecordNotFound(error)) return null;
      throw error;
    }
  }

  /** Best-effort upgrade of a hash made with older parameters (only if it is still that hash). */
  async replacePasswordHash(id: string, previous: string, next: string): Promise<void> {
    await this.db.prisma.user.updateMany({ where: { id, passwordHash: previous }, data: { passwordHash: next } });
  }

  /** A password change: the new hash, and every session but `keepSessionId` ended, atomically. */
  async changePassword(id: string, passwordHash: string, keepSessionId: string | undefined, now: Date): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.user.update({ where: { id }, data: { passwordHash }, select: { id: true } });
      await tx.session.updateMany({
        where: { userId: id, revokedAt: null, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) },
        data: { revokedAt: now, revokedReason: "password_changed" },
      });
    });
  }

  /**
   * Changes a role among CUSTOMER, EMPLOYEE and ADMIN and ends the user's sessions, keeping at
   * least one admin: concurrent demotions (and erasures) are serialised by an advisory lock, so two
   * admins demoting each other cannot leave none. Erased accounts are not found.
   */
  changeRole(id: string, role: Exclude<Role, "PARTNER">, now: Date): Promise<RoleChange> {
    return this.db.transaction(async (tx): Promise<RoleChange> => {
      await tx.$queryRaw(Prisma.sql`SELECT 1 AS locked FROM pg_advisory_xact_lock(${ADMIN_ROLE_LOCK}::bigint)`);
      const user = await tx.user.findUnique({ where: { id }, select: USER_SELECT });
      if (!user || user.deletedAt) return { kind: "not_found" };
      if (user.role === "PARTNER") return { kind: "partner" };
      if (user.role === role) return { kind: "unchanged", user };
      if (user.role === "ADMIN" && (await tx.user.count({ where: { role: "ADMIN", deletedAt: null } })) <= 1) return { kind: "last_admin" };
      const updated = await tx.user.update({ where: { id }, data: { role }, select: USER_SELECT });
      await tx.session.updateMany({ where: { userId: id, revokedAt: null }, data: { revokedAt: now, revokedReason: "role_changed" } });
      return { kind: "changed", user: updated };
    });
  }

  /** Newest first, erased accounts left out; `take` includes the look-ahead row. */
  async list(args: { role?: Role | null; after?: UserPosition; take: number }): Promise<User[]> {
    const conditions: Prisma.Sql[] = [Prisma.sql`deleted_at IS NULL`];
    if (args.role) conditions.push(Prisma.sql`role = ${args.role}::user_role`);
    if (args.after)
      conditions.push(Prisma.sql`(created_at, id) < (${new Date(args.after.createdAt)}::timestamptz, ${args.after.id}::uuid)`);
    const where = Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}`;
    const rows = await this.db.sql.query<UserRow>(
      Prisma.sql`SELECT ${COLUMNS} FROM users ${where} ORDER BY created_at DESC, id DESC LIMIT ${args.take}`,
    );
    return rows.map(toUser);
  }

  /** Accounts that exist (not erased) among `ids`: whom notifications may reach. */
  async findActiveByIds(ids: readonly string[]): Promise<User[]> {
    const rows = await this.db.sql.query<UserRow>(
      Prisma.sql`SELECT ${COLUMNS} FROM users WHERE id = ANY(${[...ids]}::uuid[]) AND deleted_at IS NULL`,
    );
    return rows.map(toUser);
  }

  /** Ids of the staff (employees and admins) that exist, in id order after `after`. */
  async staffIds(args: { after?: string; take: number }): Promise<string[]> {
    const after = args.after ? Prisma.sql`AND id > ${args.after}::uuid` : Prisma.empty;
    const rows = await this.db.sql.query<{ id: string }>(
      Prisma.sql`SELECT id FROM users WHERE role IN ('EMPLOYEE', 'ADMIN') AND deleted_at IS NULL ${after} ORDER BY id LIMIT ${args.take}`,
    );
    return rows.map((row) => row.id);
  }

  async count(role?: Role | null): Promise<number> {
    const where = role ? Prisma.sql`WHERE deleted_at IS NULL AND role = ${role}::user_role` : Prisma.sql`WHERE deleted_at IS NULL`;
    const [row] = await this.db.sql.query<{ n: number }>(Prisma.sql`SELECT count(*)::int AS n FROM users ${where}`);
    return row?.n ?? 0;
  }
}
