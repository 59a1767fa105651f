import { z } from "zod";
import { UnauthenticatedError } from "../errors.ts";
import { callEndpoint, defineEndpoint } from "../internal.ts";
import type { Logger } from "../logger.ts";
import { ACCESS_TOKEN_MAX_LIFETIME_SECONDS, type Viewer } from "./claims.ts";
import { createTokenVerifier, jwksFromUrl, type TokenVerifier } from "./verifier.ts";

/*
 * Revocation. Access tokens are verified by their signature alone, so a logout, a revoked session
 * (refresh-token reuse, password or role change), an erased account or a revoked API key would
 * otherwise keep working until their tokens expire (up to 15 minutes). The users subgraph
 * publishes what it revoked on an internal feed; every verifier (the router and each subgraph)
 * keeps that set in memory, refreshed every second, and refuses the tokens it names. A token is
 * thereby refused everywhere within about a second of its revocation, and checking costs a map
 * lookup per request.
 */

/** The feed, served by the users subgraph beside its JWKS (same origin). */
export const REVOCATIONS_PATH = "/internal/revocations";

/** The feed's URL, from the users subgraph's JWKS URL (both are served by the users subgraph). */
export const revocationsUrlFor = (jwksUrl: string): string => new URL(REVOCATIONS_PATH, jwksUrl).toString();

/**
 * How long a revocation matters: until every token it refuses has expired. Longer than any access
 * token may live (the verifier refuses longer-lived ones), plus a minute for clock differences.
 */
export const REVOCATION_RETENTION_MS = (ACCESS_TOKEN_MAX_LIFETIME_SECONDS + 60) * 1000;

export const REVOCATION_KINDS = ["session", "user", "apiKey"] as const;
export type RevocationKind = (typeof REVOCATION_KINDS)[number];

export const revocationEntry = z.object({ kind: z.enum(REVOCATION_KINDS), id: z.string().min(1).max(100), revokedAt: z.iso.datetime() });
export const revocationFeedResponse = z.object({ cursor: z.string().min(1).max(100), revocations: z.array(revocationEntry) });
export type RevocationEntry = z.infer<typeof revocationEntry>;
export type RevocationFeed = z.infer<typeof revocationFeedResponse>;

/**
 * The feed's contract, served by the users subgraph and read by every verifier, validated at both
 * ends (defined here, beside its readers, as the kit cannot import @amazoff/contracts; that
 * package lists it as `usersApi.revocationFeed`). `{ cursor? }`: without a cursor, every
 * revocation still in force; with one, those since the answer that gave it (overlapping a little:
 * entries may repeat). Kinds:
 * - `session`: tokens with this `sid` (logout, refresh-token reuse, password or role change);
 * - `user`: every token of this `sub` (the account was erased);
 * - `apiKey`: tokens with this `akid` (the key was revoked).
 * 400 `bad_request`: a cursor this feed did not give (the reader starts again without one).
 */
export const revocationFeed = defineEndpoint({
  path: REVOCATIONS_PATH,
  request: z.object({ cursor: z.string().min(1).max(100).optional() }),
  responses: { 200: revocationFeedResponse, 400: z.object({ error: z.literal("bad_request"), message: z.string() }) },
});

/** Where revocations come from: the feed over HTTP, or (in the users subgraph) its own database. */
export type RevocationSource = (cursor: string | undefined) => Promise<RevocationFeed>;

/** The feed refused the cursor (400): the next sync starts again from the full list. */
export class RevocationFeedError extends Error {
  constructor(
    readonly status: number,
    url: string,
  ) {
    super(`revocation feed ${url} answered ${status}`);
  }
}

/**
 * The users subgraph's feed over HTTP, with the internal secret. Any answer but the contract's
 * throws: RevocationFeedError for the 400, InternalCallError for the rest.
 */
export function revocationFeedFromUrl(url: string, internalSecret: string, timeoutMs = 2_000): RevocationSource {
  return async (cursor) => {
    const answer = await callEndpoint(url, revocationFeed, { cursor }, { secret: internalSecret, timeoutMs });
    if (answer.status === 400) throw new RevocationFeedError(answer.status, url);
    return answer.body;
  };
}

export interface RevocationListOptions {
  source: RevocationSource;
  log: Logger;
  /** Pause between two syncs (default 1 s): how long a revocation takes to reach this process. */
  pollIntervalMs?: number;
  /**
   * After this long without a successful sync (default 5 minutes), signed-in requests are refused
   * until the feed answers again: a revocation made meanwhile (the users subgraph up but out of
   * our reach) must not be ignored for longer than this.
   */
  maxStalenessMs?: number;
  /** Start syncing at once (default); tests sync by hand. */
  autoStart?: boolean;
  now?: () => number;
}

export interface RevocationList {
  /** Throws UNAUTHENTICATED when the viewer's session, account or API key was revoked, or when the list is too stale to trust. */
  check(viewer: Viewer): void;
  /** One sync now (concurrent calls share it); rejects when the feed fails. */
  sync(): Promise<void>;
  /** For logs and tests. */
  state(): { lastSyncAt: number | null; entries: number; stale: boolean };
  stop(): void;
}

/** A failing feed is logged as a warning only after this long (a restarting users subgraph is normal). */
const WARN_AFTER_MS = 10_000;
/** and then at most this often. */
const WARN_EVERY_MS = 30_000;

const keyOf = (kind: RevocationKind, id: string) => `${kind}:${id}`;

const REFUSAL: Record<RevocationKind, string> = {
  session: "This session has ended; sign in again",
  user: "This account no longer exists",
  apiKey: "This API key was revoked",
};

/**
 * The revocations in force, synced from `source` every `pollIntervalMs`. When the feed fails, the
 * last known set stays in force (entries expire only once the tokens they refuse have), failures
 * are logged (a warning after 10 s, then every 30 s), and past `maxStalenessMs` without a sync
 * signed-in requests are refused, loudly, until it answers again; anonymous traffic is never
 * affected. Before the first sync, nothing is known to be revoked.
 */
export function createRevocationList(options: RevocationListOptions): RevocationList {
  const log = options.log.child({ source: "revocations" });
  const now = options.now ?? Date.now;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const maxStalenessMs = options.maxStalenessMs ?? 5 * 60_000;
  const startedAt = now();
  /** `kind:id` → when the entry may be forgotten. */
  const entries = new Map<string, number>();
  let cursor: string | undefined;
  let lastSyncAt: number | null = null;
  let failingSince: number | null = null;
  let lastWarnAt = 0;
  let refusing = false;
  let syncing: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const staleFor = () => now() - (lastSyncAt ?? startedAt);

  function apply(feed: RevocationFeed): void {
    const at = now();
    for (const entry of feed.revocations) {
      const expiresAt = Date.parse(entry.revokedAt) + REVOCATION_RETENTION_MS;
      if (expiresAt > at) entries.set(keyOf(entry.kind, entry.id), expiresAt);
    }
    for (const [key, expiresAt] of entries) if (expiresAt <= at) entries.delete(key);
    cursor = feed.cursor;
    lastSyncAt = at;
    if (failingSince !== null && (lastWarnAt > 0 || refusing)) log.info({ entries: entries.size }, "revocation feed answers again");
    failingSince = null;
    lastWarnAt = 0;
    refusing = false;
  }

  function failed(error: unknown): void {
    const at = now();
    failingSince ??= at;
    // A cursor the feed no longer understands (e.g. after an upgrade): start again from a full list.
    if (error instanceof RevocationFeedError && error.status === 400) cursor = undefined;
    if (at - failingSince >= WARN_AFTER_MS && at - lastWarnAt >= WARN_EVERY_MS) {
      lastWarnAt = at;
      log.warn(
        { err: error, staleForMs: staleFor(), maxStalenessMs },
        "revocation feed unreachable: checking tokens against the last known revocations",
      );
    } else {
      log.debug({ err: error }, "revocation feed unreachable");
    }
  }

  const sync = (): Promise<void> =>
    (syncing ??= options
      .source(cursor)
      .then(apply, (error: unknown) => {
        failed(error);
        throw error;
      })
      .finally(() => {
        syncing = undefined;
      }));

  const loop = () => {
    if (stopped) return;
    void sync()
      .catch(() => {})
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, pollIntervalMs).unref();
      });
  };
  if (options.autoStart ?? true) loop();

  return {
    check(viewer) {
      if (staleFor() > maxStalenessMs) {
        if (!refusing) {
          refusing = true;
          log.error(
            { staleForMs: staleFor(), maxStalenessMs },
            "revocations could not be synced for too long: refusing signed-in requests until the feed answers",
          );
        }
        throw new UnauthenticatedError("Sign-in status cannot be checked right now; try again shortly");
      }
      if (entries.size === 0) return;
      const at = now();
      const hits: [RevocationKind, string | undefined][] = [
        ["session", viewer.sessionId],
        ["user", viewer.userId],
        ["apiKey", viewer.apiKeyId],
      ];
      for (const [kind, id] of hits) {
        if (id === undefined) continue;
        const expiresAt = entries.get(keyOf(kind, id));
        if (expiresAt !== undefined && expiresAt > at) throw new UnauthenticatedError(REFUSAL[kind]);
      }
    },
    sync,
    state: () => ({ lastSyncAt, entries: entries.size, stale: staleFor() > maxStalenessMs }),
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/** `verifier`, then the revocation check: the token must verify and must not have been revoked. */
export function refuseRevoked(verifier: TokenVerifier, revocations: RevocationList): TokenVerifier {
  return {
    async verify(token) {
      const viewer = await verifier.verify(token);
      revocations.check(viewer);
      return viewer;
    },
    check(viewer) {
      revocations.check(viewer);
    },
    stop() {
      revocations.stop();
      verifier.stop?.();
    },
  };
}

/**
 * How a subgraph verifies the tokens the router forwards: signed by the users subgraph (its JWKS)
 * and not revoked (its feed, next to the JWKS, read with the internal secret).
 */
export function usersTokenVerifier(options: { jwksUrl: string; internalSecret: string; log: Logger }): TokenVerifier {
  const revocations = createRevocationList({
    source: revocationFeedFromUrl(revocationsUrlFor(options.jwksUrl), options.internalSecret),
    log: options.log,
  });
  return refuseRevoked(createTokenVerifier(jwksFromUrl(options.jwksUrl)), revocations);
}
