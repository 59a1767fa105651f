import { generateKeyPairSync, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import jwt from "jsonwebtoken";
import { pino } from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { TOKEN_AUDIENCE, TOKEN_ISSUER, type Viewer } from "./claims.ts";
import {
  createRevocationList,
  refuseRevoked,
  REVOCATION_RETENTION_MS,
  REVOCATIONS_PATH,
  revocationFeedFromUrl,
  revocationsUrlFor,
  RevocationFeedError,
  type RevocationEntry,
  type RevocationFeed,
  type RevocationList,
} from "./revocations.ts";
import { createTokenVerifier, type Jwk } from "./verifier.ts";

/** A logger whose lines are kept, to check what an operator would see. */
function capturingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return {
    logger,
    warnings: () => lines.filter((l) => l.level === 40).map((l) => l.msg),
    errors: () => lines.filter((l) => l.level === 50).map((l) => l.msg),
  };
}

/** A feed in memory: what it has published, which cursors it was asked with, and whether it fails. */
function fakeFeed() {
  const state = { revocations: [] as RevocationEntry[], cursors: [] as (string | undefined)[], failing: null as Error | null, answers: 0 };
  const source = async (cursor: string | undefined): Promise<RevocationFeed> => {
    state.cursors.push(cursor);
    if (state.failing) throw state.failing;
    state.answers += 1;
    return { cursor: `c${state.answers}`, revocations: [...state.revocations] };
  };
  return Object.assign(state, { source });
}

const viewer = (overrides: Partial<Viewer> = {}): Viewer => ({
  userId: randomUUID(),
  role: "CUSTOMER",
  scopes: new Set(["catalog:read"]),
  via: "session",
  sessionId: randomUUID(),
  tokenId: randomUUID(),
  ...overrides,
});

let clock = Date.parse("2026-12-01T10:00:00Z");
const now = () => clock;
const lists: RevocationList[] = [];
function list(feed: ReturnType<typeof fakeFeed>, options: { maxStalenessMs?: number; log?: pino.Logger } = {}) {
  const created = createRevocationList({
    source: feed.source,
    log: options.log ?? pino({ level: "silent" }),
    autoStart: false,
    now,
    ...options,
  });
  lists.push(created);
  return created;
}
afterEach(() => {
  for (const l of lists.splice(0)) l.stop();
});

describe("createRevocationList", () => {
  it("refuses a viewer whose session, account or API key the feed names, and no one else", async () => {
    const feed = fakeFeed();
    const revocations = list(feed);
    const [loggedOut, erased, partner, bystander] = [
      viewer(),
      viewer(),
      viewer({ via: "api-key", sessionId: undefined, apiKeyId: randomUUID() }),
      viewer(),
    ];
    const at = new Date(clock).toISOString();
    feed.revocations.push(
      { kind: "session", id: loggedOut.sessionId!, revokedAt: at },
      { kind: "user", id: erased.userId, revokedAt: at },
      { kind: "apiKey", id: partner.apiKeyId!, revokedAt: at },
    );
    // Before the sync nothing is known: the check lets everyone through.
    expect(() => revocations.check(loggedOut)).not.toThrow();
    await revocations.sync();
    expect(() => revocations.check(loggedOut)).toThrow("This session has ended; sign in again");
    expect(() => revocations.check(erased)).toThrow("This account no longer exists");
    expect(() => revocations.check(partner)).toThrow("This API key was revoked");
    expect(() => revocations.check(bystander)).not.toThrow();
    // Another session of the user whose session ended still works.
    expect(() => revocations.check({ ...loggedOut, sessionId: randomUUID() })).not.toThrow();
    try {
      revocations.check(loggedOut);
    } catch (error) {
      expect(error).toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
    }
  });

  it("asks with the cursor of the previous answer, and from scratch after the feed refused the cursor", async () => {
    const feed = fakeFeed();
    const revocations = list(feed);
    await revocations.sync();
    await revocations.sync();
    expect(feed.cursors).toEqual([undefined, "c1"]);
    feed.failing = new RevocationFeedError(400, "http://users/internal/revocations");
    await expect(revocations.sync()).rejects.toThrow("answered 400");
    feed.failing = null;
    await revocations.sync();
    expect(feed.cursors).toEqual([undefined, "c1", "c2", undefined]);
  });

  it("keeps an entry until every token it refuses has expired, then forgets it", async () => {
    const feed = fakeFeed();
    const revocations = list(feed);
    const target = viewer();
    feed.revocations.push({ kind: "session", id: target.sessionId!, revokedAt: new Date(clock).toISOString() });
    await revocations.sync();
    // The feed stops repeating it (its cursor moved on); the entry stays in force.
    feed.revocations = [];
    clock += REVOCATION_RETENTION_MS - 1_000;
    await revocations.sync();
    expect(() => revocations.check(target)).toThrow();
    clock += 2_000;
    await revocations.sync();
    expect(revocations.state().entries).toBe(0);
    expect(() => revocations.check(target)).not.toThrow();
  });

  it("keeps the last known set while the feed fails, logs it, and refuses signed-in requests once too stale", async () => {
    const feed = fakeFeed();
    const { logger, warnings, errors } = capturingLogger();
    const revocations = list(feed, { maxStalenessMs: 60_000, log: logger });
    const revoked = viewer();
    feed.revocations.push({ kind: "session", id: revoked.sessionId!, revokedAt: new Date(clock).toISOString() });
    await revocations.sync();

    feed.failing = new Error("connect ECONNREFUSED");
    await expect(revocations.sync()).rejects.toThrow();
    // A blip: no warning yet; the known revocation still holds, everyone else is served.
    expect(warnings()).toEqual([]);
    expect(() => revocations.check(revoked)).toThrow("session has ended");
    expect(() => revocations.check(viewer())).not.toThrow();

    clock += 15_000;
    await expect(revocations.sync()).rejects.toThrow();
    expect(warnings()).toEqual([expect.stringContaining("revocation feed unreachable")]);
    expect(() => revocations.check(viewer())).not.toThrow();

    clock += 50_000;
    await expect(revocations.sync()).rejects.toThrow();
    expect(revocations.state().stale).toBe(true);
    expect(() => revocations.check(viewer())).toThrow("cannot be checked right now");
    expect(() => revocations.check(viewer())).toThrow();
    expect(errors()).toEqual([expect.stringContaining("refusing signed-in requests")]);

    feed.failing = null;
    await revocations.sync();
    expect(revocations.state().stale).toBe(false);
    expect(() => revocations.check(viewer())).not.toThrow();
    expect(() => revocations.check(revoked)).toThrow("session has ended");
  });

  it("shares one request among concurrent syncs", async () => {
    const feed = fakeFeed();
    const revocations = list(feed);
    await Promise.all([revocations.sync(), revocations.sync(), revocations.sync()]);
    expect(feed.cursors).toHaveLength(1);
  });

  it("syncs by itself until stopped", async () => {
    const feed = fakeFeed();
    const revocations = createRevocationList({ source: feed.source, log: pino({ level: "silent" }), pollIntervalMs: 10 });
    lists.push(revocations);
    const target = viewer();
    feed.revocations.push({ kind: "session", id: target.sessionId!, revokedAt: new Date().toISOString() });
    await vi.waitFor(() => expect(() => revocations.check(target)).toThrow(), { timeout: 5_000 });
    revocations.stop();
    const asked = feed.cursors.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(feed.cursors.length).toBeLessThanOrEqual(asked + 1);
  });
});

describe("revocationFeedFromUrl", () => {
  let server: http.Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  async function serve(handler: (req: http.IncomingMessage, body: string) => [number, unknown]) {
    server = http.createServer(async (req, res) => {
      let body = "";
      for await (const chunk of req) body += chunk;
      const [status, answer] = handler(req, body);
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(answer));
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it("posts the cursor with the internal secret and validates the answer", async () => {
    const seen: { authorization?: string; body: string; path?: string }[] = [];
    const origin = await serve((req, body) => {
      seen.push({ authorization: req.headers.authorization, body, path: req.url });
      return [200, { cursor: "next", revocations: [{ kind: "user", id: "u-1", revokedAt: "2026-12-01T10:00:00.000Z" }] }];
    });
    const url = revocationsUrlFor(`${origin}/.well-known/jwks.json`);
    expect(url).toBe(`${origin}${REVOCATIONS_PATH}`);
    const feed = await revocationFeedFromUrl(url, "s".repeat(16))("previous");
    expect(feed.revocations).toHaveLength(1);
    expect(seen).toEqual([
      { authorization: `Internal ${"s".repeat(16)}`, body: JSON.stringify({ cursor: "previous" }), path: REVOCATIONS_PATH },
    ]);
  });

  it("rejects error statuses and malformed answers; a refused cursor is a RevocationFeedError", async () => {
    let answer: [number, unknown] = [401, { error: "unauthorized" }];
    const origin = await serve(() => answer);
    const source = revocationFeedFromUrl(`${origin}${REVOCATIONS_PATH}`, "s".repeat(16));
    await expect(source(undefined)).rejects.toMatchObject({ status: 401 });
    answer = [400, { error: "bad_request", message: "unknown cursor" }];
    await expect(source("t1")).rejects.toBeInstanceOf(RevocationFeedError);
    answer = [200, { cursor: "x", revocations: [{ kind: "everyone", id: "*" }] }];
    await expect(source(undefined)).rejects.toThrow(/body the contract does not allow/);
  });
});

describe("refuseRevoked", () => {
  it("refuses a valid token once its session is revoked", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const jwk = { ...publicKey.export({ format: "jwk" }), kid: "k1" } as Jwk;
    const sid = randomUUID();
    const token = jwt.sign({ role: "CUSTOMER", scope: "catalog:read", sid, jti: randomUUID() }, privateKey, {
      algorithm: "RS256",
      keyid: "k1",
      subject: randomUUID(),
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      expiresIn: 300,
    });
    const feed = fakeFeed();
    const revocations = createRevocationList({ source: feed.source, log: pino({ level: "silent" }), autoStart: false });
    lists.push(revocations);
    const verifier = refuseRevoked(
      createTokenVerifier(async () => [jwk]),
      revocations,
    );
    await expect(verifier.verify(token)).resolves.toMatchObject({ sessionId: sid });
    feed.revocations.push({ kind: "session", id: sid, revokedAt: new Date().toISOString() });
    await revocations.sync();
    await expect(verifier.verify(token)).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
  });
});
