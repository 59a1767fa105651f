import type { Role } from "@amazoff/kit";
import { Prisma } from "../generated/prisma/client.ts";
import type { UsersDb } from "../db.ts";
import { isUniqueViolation } from "../users/user.repository.ts";
import type { ApiKey, ApiKeyPosition, ApiKeyRecord, NewApiKey } from "./api-key.model.ts";

interface ApiKeyRow {
  id: string;
  user_id: string;
  name: string;
  prefix: string;
  scopes: string[];
  created_at: Date;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
}

const COLUMNS = Prisma.sql`k.id, k.user_id, k.name, k.prefix, k.scopes, k.created_at, k.last_used_at, k.expires_at, k.revoked_at`;

const toApiKey = (row: ApiKeyRow): ApiKey => ({
  id: row.id,
  userId: row.user_id,
  name: row.name,
  prefix: row.prefix,
  scopes: row.scopes,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
});

const SELECT = {
  id: true,
  userId: true,
  name: true,
  prefix: true,
  scopes: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
} satisfies Prisma.ApiKeySelect;

/** Active: neither revoked nor expired at `now`. */
const active = (now: Date) =>
  ({ revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] }) satisfies Prisma.ApiKeyWhereInput;

export type ApiKeyCreation = { kind: "created"; apiKey: ApiKey } | { kind: "limit" } | { kind: "prefix_taken" } | { kind: "no_partner" };

export class ApiKeyRepository {
  constructor(private readonly db: UsersDb) {}

  /** The exchange's lookup (by the unique prefix), with the owner's role. */
  async findByPrefix(prefix: string): Promise<ApiKeyRecord | null> {
    const rows = await this.db.sql.query<ApiKeyRow & { secret_hash: string; owner_role: Role }>(Prisma.sql`
      SELECT ${COLUMNS}, k.secret_hash, u.role::text AS owner_role
      FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.prefix = ${prefix}`);
    const row = rows[0];
    return row ? { ...toApiKey(row), secretHash: row.secret_hash, ownerRole: row.owner_role } : null;
  }

  /**
   * Stores a key unless the partner already has `maxActive` active keys (counted under a lock on
   * the partner's row, so concurrent creations cannot overshoot) or was erased meanwhile.
   */
  create(key: NewApiKey, maxActive: number, now: Date): Promise<ApiKeyCreation> {
    return this.db
      .transaction(async (tx): Promise<ApiKeyCreation> => {
        const owner = await tx.$queryRaw<{ id: string }[]>(
          Prisma.sql`SELECT id FROM users WHERE id = ${key.userId}::uuid AND deleted_at IS NULL FOR UPDATE`,
        );
        if (owner.length === 0) return { kind: "no_partner" };
        if ((await tx.apiKey.count({ where: { userId: key.userId, ...active(now) } })) >= maxActive) return { kind: "limit" };
        return { kind: "created", apiKey: await tx.apiKey.create({ data: key, select: SELECT }) };
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error, "prefix")) return { kind: "prefix_taken" } as const;
        throw error;
      });
  }

  async findById(id: string): Promise<ApiKey | null> {
    return this.db.prisma.apiKey.findUnique({ where: { id }, select: SELECT });
  }

  /** Newest first; `take` includes the look-ahead row. */
  async list(args: { userId: string; includeRevoked: boolean; after?: ApiKeyPosition; take: number }): Promise<ApiKey[]> {
    const rows = await this.db.sql.query<ApiKeyRow>(Prisma.sql`
      SELECT ${COLUMNS} FROM api_keys k
      WHERE k.user_id = ${args.userId}::uuid
        ${args.includeRevoked ? Prisma.empty : Prisma.sql`AND k.revoked_at IS NULL`}
        ${args.after ? Prisma.sql`AND (k.created_at, k.id) < (${new Date(args.after.createdAt)}::timestamptz, ${args.after.id}::uuid)` : Prisma.empty}
      ORDER BY k.created_at DESC, k.id DESC LIMIT ${args.take}`);
    return rows.map(toApiKey);
  }

  async count(userId: string, includeRevoked: boolean): Promise<number> {
    return this.db.prisma.apiKey.count({ where: { userId, ...(includeRevoked ? {} : { revokedAt: null }) } });
  }

  /** Revokes (keeping the first revocation time); null when there is no such key. */
  async revoke(id: string, now: Date): Promise<ApiKey | null> {
    await this.db.prisma.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now } });
    return this.findById(id);
  }

  /** Records a use, at most once a minute (the condition makes racing exchanges write once). */
  async touch(id: string, now: Date): Promise<void> {
    await this.db.prisma.apiKey.updateMany({
      where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - 60_000) } }] },
      data: { lastUsedAt: now },
    });
  }
}
