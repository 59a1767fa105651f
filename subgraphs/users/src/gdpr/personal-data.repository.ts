import { createEvent, writeToOutbox } from "@amazoff/events";
import type { Role } from "@amazoff/kit";
import { Prisma } from "../generated/prisma/client.ts";
import type { UsersDb } from "../db.ts";
import { EVENT_SOURCE, type EventsCommitted } from "../events/events.ts";
import { DELETED_DISPLAY_NAME, deletedEmail } from "../users/user.model.ts";
import { ADMIN_ROLE_LOCK } from "../users/user.repository.ts";
import type { AccountData, Erasure, ErasureGuard } from "./personal-data.model.ts";

const byAge = [{ createdAt: "asc" }, { id: "asc" }] as const;

/** Every column that is data about the person; hashes are deliberately left out. */
const ACCOUNT_SELECT = {
  id: true,
  email: true,
  displayName: true,
  role: true,
  createdAt: true,
  updatedAt: true,
  deletedAt: true,
  addresses: {
    select: {
      id: true,
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
      updatedAt: true,
    },
    orderBy: [...byAge],
  },
  sessions: {
    select: { id: true, createdAt: true, lastRefreshedAt: true, expiresAt: true, revokedAt: true, revokedReason: true },
    orderBy: [...byAge],
  },
  apiKeys: {
    select: { id: true, name: true, prefix: true, scopes: true, createdAt: true, lastUsedAt: true, expiresAt: true, revokedAt: true },
    orderBy: [...byAge],
  },
} satisfies Prisma.UserSelect;

type AccountRow = Prisma.UserGetPayload<{ select: typeof ACCOUNT_SELECT }>;
type ThrottleRow = { failures: number; lastFailureAt: Date; lockedUntil: Date | null };

const iso = (date: Date): string => date.toISOString();
const isoOrNull = (date: Date | null): string | null => (date ? date.toISOString() : null);

function toAccountData(user: AccountRow, throttle: ThrottleRow | null): AccountData {
  return {
    profile: {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      createdAt: iso(user.createdAt),
      updatedAt: iso(user.updatedAt),
    },
    addresses: user.addresses.map((a) => ({ ...a, createdAt: iso(a.createdAt), updatedAt: iso(a.updatedAt) })),
    sessions: user.sessions.map((s) => ({
      ...s,
      createdAt: iso(s.createdAt),
      lastRefreshedAt: isoOrNull(s.lastRefreshedAt),
      expiresAt: iso(s.expiresAt),
      revokedAt: isoOrNull(s.revokedAt),
    })),
    apiKeys: user.apiKeys.map((k) => ({
      ...k,
      createdAt: iso(k.createdAt),
      lastUsedAt: isoOrNull(k.lastUsedAt),
      expiresAt: isoOrNull(k.expiresAt),
      revokedAt: isoOrNull(k.revokedAt),
    })),
    signInFailures:
      throttle && throttle.failures > 0
        ? { failures: throttle.failures, lastFailureAt: iso(throttle.lastFailureAt), lockedUntil: isoOrNull(throttle.lockedUntil) }
        : null,
  };
}

/** GDPR access and erasure: the two operations that touch everything a person owns here. */
export class PersonalDataRepository {
  /** @param eventsCommitted told after an erasure (and its UserDeleted event) committed */
  constructor(
    private readonly db: UsersDb,
    private readonly eventsCommitted: EventsCommitted = () => {},
  ) {}

  /**
   * Everything stored about an active account, read from one snapshot (repeatable read); null for
   * unknown and erased accounts. `throttleKey` names the account's sign-in failure counter.
   */
  collect(userId: string, throttleKey: (email: string) => string): Promise<AccountData | null> {
    return this.db.transaction(
      async (tx) => {
        const user = await tx.user.findUnique({ where: { id: userId }, select: ACCOUNT_SELECT });
        if (!user || user.deletedAt) return null;
        const throttle = await tx.authThrottle.findUnique({
          where: { key: throttleKey(user.email) },
          select: { failures: true, lastFailureAt: true, lockedUntil: true },
        });
        return toAccountData(user, throttle);
      },
      { isolationLevel: "RepeatableRead" },
    );
  }

  /**
   * Erases an account in one transaction: its addresses, sessions with their refresh tokens, API
   * keys and sign-in failure counters (`throttleKeys`) are deleted, the row is anonymised (it stays
   * so that orders and reviews still resolve their author, as "Deleted user"), and UserDeleted is
   * written to the outbox for the other subgraphs. Either all of it commits or none of it.
   *
   * The admin advisory lock (shared with role changes) and then the row lock serialise it with
   * demotions, other erasures, sign-ins and address or key writes of the same account.
   */
  async erase(userId: string, options: { guard: ErasureGuard; throttleKeys: string[]; now: Date }): Promise<Erasure> {
    const erasure = await this.db.transaction(async (tx): Promise<Erasure> => {
      await tx.$queryRaw(Prisma.sql`SELECT 1 AS locked FROM pg_advisory_xact_lock(${ADMIN_ROLE_LOCK}::bigint)`);
      const [target] = await tx.$queryRaw<{ role: Role }[]>(
        Prisma.sql`SELECT role::text AS role FROM users WHERE id = ${userId}::uuid AND deleted_at IS NULL FOR UPDATE`,
      );
      if (!target) return { kind: "not_found" };
      if (target.role === "ADMIN") {
        if (options.guard === "any_admin") return { kind: "admin" };
        if ((await tx.user.count({ where: { role: "ADMIN", deletedAt: null } })) <= 1) return { kind: "last_admin" };
      }
      await tx.address.deleteMany({ where: { userId } });
      await tx.refreshToken.deleteMany({ where: { session: { userId } } });
      await tx.session.deleteMany({ where: { userId } });
      await tx.apiKey.deleteMany({ where: { userId } });
      if (options.throttleKeys.length) await tx.authThrottle.deleteMany({ where: { key: { in: options.throttleKeys } } });
      await tx.user.update({
        where: { id: userId },
        data: { email: deletedEmail(userId), displayName: DELETED_DISPLAY_NAME, passwordHash: null, deletedAt: options.now },
        select: { id: true },
      });
      await writeToOutbox(tx, createEvent(EVENT_SOURCE, "UserDeleted", { userId }));
      return { kind: "erased" };
    });
    if (erasure.kind === "erased") this.eventsCommitted();
    return erasure;
  }
}
