import { Prisma } from "../generated/prisma/client.ts";
import type { CommentsDb } from "../db.ts";
import { intervalSeconds, type RatePolicy } from "./rate-policy.ts";

/**
 * Token buckets in PostgreSQL, so that every replica of the subgraph shares them, kept as one
 * timestamp per subject (GCRA): `tat` is when the bucket will be full again. Taking a token is
 * one upsert that moves `tat` one interval on, unless that would put it more than `burst`
 * intervals ahead of now; the row lock of ON CONFLICT serialises concurrent writers of one
 * subject, and the database's clock is the only clock.
 */
export class RateLimitRepository {
  constructor(private readonly db: CommentsDb) {}

  /** Takes a token; `secondsUntilFull` of the refused bucket otherwise. */
  async take(subject: string, policy: RatePolicy): Promise<{ allowed: true } | { allowed: false; secondsUntilFull: number }> {
    const interval = Prisma.sql`make_interval(secs => ${intervalSeconds(policy)}::float8)`;
    const taken = await this.db.prisma.$queryRaw<{ tat: Date }[]>(Prisma.sql`
      INSERT INTO comment_rate_limits AS r (subject, tat) VALUES (${subject}, now() + ${interval})
      ON CONFLICT (subject) DO UPDATE SET tat = GREATEST(r.tat, now()) + ${interval}
        WHERE GREATEST(r.tat, now()) + ${interval} <= now() + ${interval} * ${policy.burst}::int
      RETURNING tat`);
    if (taken.length) return { allowed: true };
    const [row] = await this.db.prisma.$queryRaw<{ seconds: number }[]>(
      Prisma.sql`SELECT EXTRACT(EPOCH FROM tat - now())::float8 AS seconds FROM comment_rate_limits WHERE subject = ${subject}`,
    );
    return { allowed: false, secondsUntilFull: row?.seconds ?? 0 };
  }

  /** Forgets full buckets (a subject without a row has a full bucket). */
  async purgeFull(): Promise<number> {
    return this.db.prisma.$executeRaw(Prisma.sql`DELETE FROM comment_rate_limits WHERE tat < now()`);
  }
}
