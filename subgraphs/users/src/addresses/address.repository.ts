import { Prisma } from "../generated/prisma/client.ts";
import type { UsersDb } from "../db.ts";
import type { Address, AddressChanges, AddressData, AddressWrite } from "./address.model.ts";

interface AddressRow {
  id: string;
  user_id: string;
  full_name: string;
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postal_code: string;
  country: string;
  phone: string | null;
  is_default: boolean;
  created_at: Date;
}

const toAddress = (row: AddressRow): Address => ({
  id: row.id,
  userId: row.user_id,
  fullName: row.full_name,
  line1: row.line1,
  line2: row.line2,
  city: row.city,
  region: row.region,
  postalCode: row.postal_code,
  country: row.country,
  phone: row.phone,
  isDefault: row.is_default,
  createdAt: row.created_at,
});

const SELECT = {
  id: true,
  userId: true,
  fullName: true,
  line1: true,
  line2: true,
  city: true,
  region: true,
  postalCode: true,
  country: true,
  phone: true,
  isDefault: true,
  createdAt: true,
} satisfies Prisma.AddressSelect;

type Tx = Prisma.TransactionClient;

/**
 * Locks the owner's row for the rest of the transaction. Every address write of one user goes
 * through it, so "at most N addresses" and "exactly one default" hold under concurrent requests.
 * False when the user no longer exists or was erased (a write racing the erasure waits for it,
 * then finds the account erased).
 */
async function lockOwner(tx: Tx, userId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>(
    Prisma.sql`SELECT id FROM users WHERE id = ${userId}::uuid AND deleted_at IS NULL FOR UPDATE`,
  );
  return rows.length > 0;
}

/** The oldest address becomes the default when none is (after a delete of the default). */
async function ensureDefault(tx: Tx, userId: string): Promise<void> {
  if (await tx.address.count({ where: { userId, isDefault: true } })) return;
  const oldest = await tx.address.findFirst({ where: { userId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true } });
  if (oldest) await tx.address.update({ where: { id: oldest.id }, data: { isDefault: true }, select: { id: true } });
}

export class AddressRepository {
  constructor(private readonly db: UsersDb) {}

  /** The addresses of many users in one statement: default first, then oldest first. */
  async findByUserIds(userIds: readonly string[]): Promise<Address[]> {
    const rows = await this.db.sql.query<AddressRow>(Prisma.sql`
      SELECT id, user_id, full_name, line1, line2, city, region, postal_code, country, phone, is_default, created_at
      FROM addresses WHERE user_id = ANY(${[...userIds]}::uuid[])
      ORDER BY user_id, is_default DESC, created_at, id`);
    return rows.map(toAddress);
  }

  /** One address of one user, or null when it is not theirs, does not exist, or the user was erased. */
  async findOwned(userId: string, id: string): Promise<Address | null> {
    const rows = await this.db.sql.query<AddressRow>(Prisma.sql`
      SELECT a.id, a.user_id, a.full_name, a.line1, a.line2, a.city, a.region, a.postal_code, a.country, a.phone, a.is_default, a.created_at
      FROM addresses a JOIN users u ON u.id = a.user_id
      WHERE a.id = ${id}::uuid AND a.user_id = ${userId}::uuid AND u.deleted_at IS NULL`);
    return rows[0] ? toAddress(rows[0]) : null;
  }

  create(userId: string, data: AddressData, max: number): Promise<AddressWrite<Address>> {
    return this.db.transaction(async (tx): Promise<AddressWrite<Address>> => {
      if (!(await lockOwner(tx, userId))) return { kind: "not_found" };
      const count = await tx.address.count({ where: { userId } });
      if (count >= max) return { kind: "limit" };
      const isDefault = data.isDefault || count === 0;
      if (isDefault) await tx.address.updateMany({ where: { userId, isDefault: true }, data: { isDefault: false } });
      const value = await tx.address.create({ data: { ...data, isDefault, userId }, select: SELECT });
      return { kind: "ok", value };
    });
  }

  update(userId: string, id: string, changes: AddressChanges): Promise<AddressWrite<Address>> {
    return this.db.transaction(async (tx): Promise<AddressWrite<Address>> => {
      if (!(await lockOwner(tx, userId))) return { kind: "not_found" };
      const current = await tx.address.findUnique({ where: { id }, select: { userId: true, isDefault: true } });
      if (!current) return { kind: "not_found" };
      if (current.userId !== userId) return { kind: "not_owner" };
      if (changes.isDefault === false && current.isDefault) return { kind: "keep_default" };
      if (changes.isDefault === true && !current.isDefault) {
        await tx.address.updateMany({ where: { userId, isDefault: true }, data: { isDefault: false } });
      }
      const value = await tx.address.update({ where: { id }, data: changes, select: SELECT });
      return { kind: "ok", value };
    });
  }

  delete(userId: string, id: string): Promise<AddressWrite<string>> {
    return this.db.transaction(async (tx): Promise<AddressWrite<string>> => {
      if (!(await lockOwner(tx, userId))) return { kind: "not_found" };
      const current = await tx.address.findUnique({ where: { id }, select: { userId: true } });
      if (!current) return { kind: "not_found" };
      if (current.userId !== userId) return { kind: "not_owner" };
      await tx.address.delete({ where: { id }, select: { id: true } });
      await ensureDefault(tx, userId);
      return { kind: "ok", value: id };
    });
  }
}
