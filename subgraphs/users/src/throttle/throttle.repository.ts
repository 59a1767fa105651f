import { Prisma } from "../generated/prisma/client.ts";
import type { UsersDb } from "../db.ts";
import type { Counter } from "./throttle.policy.ts";

interface CounterRow {
  key: string;
  failures: number;
  last_failure_at: Date;
  locked_until: Date | null;
}

const toCounter = (row: CounterRow): Counter => ({
  key: row.key,
  failures: row.failures,
  lastFailureAt: row.last_failure_at,
  lockedUntil: row.locked_until,
});

export class ThrottleRepository {
  constructor(private readonly db: UsersDb) {}

  /** Current counters of `keys` (missing keys have no failures). A plain read: no locks. */
  async find(keys: readonly string[]): Promise<Map<string, Counter>> {
    const rows = await this.db.sql.query<CounterRow>(
      Prisma.sql`SELECT key, failures, last_failure_at, locked_until FROM auth_throttles WHERE key = ANY(${[...keys]}::text[])`,
    );
    return new Map(rows.map((row) => [row.key, toCounter(row)]));
  }

  /**
   * Read-modify-write of several counters under row locks, so concurrent attempts (in this or any
   * other process) see each other's counts. `decide` gets the current counters and returns the
   * counters to store (or none). Rows are created first, locked in key order (no deadlocks).
   */
  async update<T>(keys: readonly string[], decide: (current: Map<string, Counter>) => { result: T; write: Counter[] }): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    return this.db.transaction(async (tx) => {
      await tx.$executeRaw(Prisma.sql`
        INSERT INTO auth_throttles (key, failures, last_failure_at)
        SELECT key, 0, now() FROM unnest(${sorted}::text[]) AS key ORDER BY key
        ON CONFLICT (key) DO NOTHING`);
      const rows = await tx.$queryRaw<CounterRow[]>(
        Prisma.sql`SELECT key, failures, last_failure_at, locked_until FROM auth_throttles WHERE key = ANY(${sorted}::text[]) ORDER BY key FOR UPDATE`,
      );
      const current = new Map(rows.filter((row) => row.failures > 0 || row.locked_until).map((row) => [row.key, toCounter(row)]));
      const { result, write } = decide(current);
      for (const counter of write) {
        await tx.authThrottle.update({
          where: { key: counter.key },
          data: { failures: counter.failures, lastFailureAt: counter.lastFailureAt, lockedUntil: counter.lockedUntil },
        });
      }
      return result;
    });
  }

  /** Forgets subjects that have been quiet since `before` (and are not locked). */
  async purge(before: Date, now: Date): Promise<number> {
    return this.db.prisma.authThrottle
      .deleteMany({
        where: { lastFailureAt: { lt: before }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
      })
      .then((r) => r.count);
  }
}
