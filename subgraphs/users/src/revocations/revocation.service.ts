import { BadUserInputError, REVOCATION_RETENTION_MS, type RevocationFeed } from "@amazoff/kit";
import type { RevocationRepository } from "./revocation.repository.ts";

/**
 * How far each answer reaches back before its own time. A revocation's timestamp is taken before
 * its transaction commits (a wait for a connection, a long erasure) and on the clock of whichever
 * users process made it; an entry that becomes visible up to this long after its timestamp is
 * still delivered. Entries therefore repeat across answers; verifiers keep a set.
 */
export const FEED_OVERLAP_MS = 60_000;

/** Cursors are opaque to callers: the time the next answer starts from, in milliseconds. */
const CURSOR = /^t(\d{1,15})$/;

/**
 * The revocation feed (see revocations.ts in the kit): everything revoked since the cursor, and
 * the next cursor. Without a cursor, or with one older than the retention, every revocation still
 * in force: access tokens outlive nothing older.
 */
export class RevocationService {
  constructor(
    private readonly revocations: RevocationRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async feed(cursor?: string): Promise<RevocationFeed> {
    const now = this.now().getTime();
    let since = now - REVOCATION_RETENTION_MS;
    if (cursor !== undefined) {
      const match = CURSOR.exec(cursor);
      if (!match) throw new BadUserInputError("Unknown cursor", "cursor");
      since = Math.max(since, Number(match[1]));
    }
    const revocations = await this.revocations.since(new Date(since));
    return { cursor: `t${now - FEED_OVERLAP_MS}`, revocations };
  }
}
