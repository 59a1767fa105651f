import { Prisma } from "../generated/prisma/client.ts";
import type { UsersDb } from "../db.ts";
import { USER_SELECT } from "../users/user.repository.ts";
import type { RevokedReason, Rotation } from "./session.model.ts";

export class SessionRepository {
  constructor(private readonly db: UsersDb) {}

  /**
   * A new session with its first refresh token, unless the account was erased meanwhile (false):
   * the account row is share-locked, so a sign-in racing an erasure either commits first (and the
   * erasure then deletes its session) or sees the account gone.
   */
  create(session: { id: string; userId: string; tokenHash: string; expiresAt: Date }): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const owner = await tx.$queryRaw<{ id: string }[]>(
        Prisma.sql`SELECT id FROM users WHERE id = ${session.userId}::uuid AND deleted_at IS NULL FOR SHARE`,
      );
      if (owner.length === 0) return false;
      await tx.session.create({
        data: {
          id: session.id,
          userId: session.userId,
          expiresAt: session.expiresAt,
          refreshTokens: { create: { tokenHash: session.tokenHash, expiresAt: session.expiresAt } },
        },
        select: { id: true },
      });
      return true;
    });
  }

  /**
   * Rotation: the presented token is marked used and its successor stored, in one transaction.
   * `rotatedAt IS NULL` in the update's condition makes a concurrent second use of the same
   * token lose (PostgreSQL re-checks the condition after the first commits): it is reuse.
   */
  rotate(tokenHash: string, next: { tokenHash: string; expiresAt: Date }, now: Date): Promise<Rotation> {
    return this.db.transaction(async (tx): Promise<Rotation> => {
      const token = await tx.refreshToken.findUnique({
        where: { tokenHash },
        select: {
          id: true,
          sessionId: true,
          expiresAt: true,
          rotatedAt: true,
          session: { select: { revokedAt: true, user: { select: USER_SELECT } } },
        },
      });
      if (!token) return { kind: "invalid" };
      if (token.rotatedAt) return { kind: "reused", sessionId: token.sessionId };
      if (token.session.revokedAt || token.expiresAt <= now) return { kind: "invalid" };
      const { count } = await tx.refreshToken.updateMany({ where: { id: token.id, rotatedAt: null }, data: { rotatedAt: now } });
      if (count === 0) return { kind: "reused", sessionId: token.sessionId };
      await tx.refreshToken.create({
        data: { sessionId: token.sessionId, tokenHash: next.tokenHash, expiresAt: next.expiresAt },
        select: { id: true },
      });
      await tx.session.update({
        where: { id: token.sessionId },
        data: { lastRefreshedAt: now, expiresAt: next.expiresAt },
        select: { id: true },
      });
      return { kind: "rotated", user: token.session.user, sessionId: token.sessionId };
    });
  }

  /** Ends a session (of `userId`, when given); ending an ended session changes nothing. */
  async revoke(sessionId: string, reason: RevokedReason, now: Date, userId?: string): Promise<boolean> {
    const { count } = await this.db.prisma.session.updateMany({
      where: { id: sessionId, revokedAt: null, ...(userId ? { userId } : {}) },
      data: { revokedAt: now, revokedReason: reason },
    });
    return count > 0;
  }

  /** Whether a session of `userId` is still running (not ended, not expired). */
  async isActive(sessionId: string, userId: string): Promise<boolean> {
    const rows = await this.db.sql.query<{ ok: number }>(
      Prisma.sql`SELECT 1 AS ok FROM sessions WHERE id = ${sessionId}::uuid AND user_id = ${userId}::uuid AND revoked_at IS NULL AND expires_at > now()`,
    );
    return rows.length > 0;
  }

  /**
   * Deletes sessions (and, by cascade, their refresh tokens) that expired or ended before
   * `before`. Kept that long so a stolen, rotated token is still recognised as reuse meanwhile.
   */
  async purge(before: Date): Promise<number> {
    const { count } = await this.db.prisma.session.deleteMany({
      where: { OR: [{ expiresAt: { lt: before } }, { revokedAt: { lt: before } }] },
    });
    return count;
  }
}
