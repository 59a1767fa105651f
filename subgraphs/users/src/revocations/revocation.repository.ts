import type { RevocationEntry } from "@amazoff/kit";
import { Prisma } from "../generated/prisma/client.ts";
import type { UsersDb } from "../db.ts";

interface RevocationRow {
  kind: RevocationEntry["kind"];
  id: string;
  at: Date;
}

/**
 * What the revocation feed reads: nothing is recorded twice, the revocations are the existing
 * timestamps (a session's `revoked_at`, an account's `deleted_at`, a key's `revoked_at`), each
 * indexed for this scan. An erased account's sessions and keys are deleted with it; its
 * `deleted_at` covers them.
 */
export class RevocationRepository {
  constructor(private readonly db: UsersDb) {}

  async since(since: Date): Promise<RevocationEntry[]> {
    const rows = await this.db.sql.query<RevocationRow>(Prisma.sql`
      SELECT 'session' AS kind, id::text AS id, revoked_at AS at FROM sessions WHERE revoked_at > ${since}::timestamptz
      UNION ALL
      SELECT 'user', id::text, deleted_at FROM users WHERE deleted_at > ${since}::timestamptz
      UNION ALL
      SELECT 'apiKey', id::text, revoked_at FROM api_keys WHERE revoked_at > ${since}::timestamptz`);
    return rows.map((row) => ({ kind: row.kind, id: row.id, revokedAt: row.at.toISOString() }));
  }
}
