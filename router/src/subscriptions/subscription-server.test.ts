import type { IncomingMessage } from "node:http";
import { createLogger, UnauthenticatedError, type Viewer } from "@amazoff/kit";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AuthenticationError, type Authentication, type Authenticator } from "../auth/index.ts";
import type { SubscriptionExecutor } from "./subscription-executor.ts";
import { createSubscriptionServer, type ConnectionExtra } from "./subscription-server.ts";

const log = createLogger({ service: "test", level: "silent" });
const viewer = (userId: string): Viewer => ({ userId, role: "CUSTOMER", scopes: new Set(), via: "session", sessionId: "s", tokenId: "t" });
/** A token-shaped string whose payload says when it expires (the server reads `exp`, the authenticator verified the rest). */
const tokenExpiringIn = (seconds: number) =>
  `h.${Buffer.from(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + seconds })).toString("base64url")}.s`;

/** One client of the protocol server, driven by hand. */
function client(server: ReturnType<typeof createSubscriptionServer>["server"]) {
  const sent: { type: string; id?: string; payload?: unknown }[] = [];
  let handle!: (data: string) => Promise<void>;
  const state = { closedWith: null as { code: number; reason: string } | null };
  const extra: ConnectionExtra = {
    request: { headers: {} } as IncomingMessage,
    clientAddress: "10.0.0.1",
    close: (code, reason) => {
      state.closedWith ??= { code, reason };
    },
    closed: false,
  };
  const closed = server.opened(
    {
      protocol: "graphql-transport-ws",
      send: (data) => void sent.push(JSON.parse(data)),
      close: extra.close,
      onMessage: (cb) => {
        handle = cb;
      },
    },
    extra,
  );
  return {
    sent,
    state,
    init: (payload?: Record<string, unknown>) => handle(JSON.stringify({ type: "connection_init", ...(payload ? { payload } : {}) })),
    /** The socket closes, as the transport reports it. */
    drop: async () => {
      extra.closed = true;
      await closed(1006, "");
    },
  };
}

function setup(authenticate: Authenticator["authenticate"], recheck: Authenticator["recheck"] = () => {}) {
  const authenticator: Authenticator = { authenticate: vi.fn(authenticate), recheck: vi.fn(recheck), stop: () => {} };
  const executor = { onSupergraph: () => {}, prepare: vi.fn(), start: vi.fn() } as unknown as SubscriptionExecutor;
  const subscriptions = createSubscriptionServer({
    authenticator,
    executor,
    logger: log,
    maxSubscriptionsPerConnection: 5,
    maxConnectionsPerUser: 1,
    recheckIntervalMs: 1_000,
  });
  return { subscriptions, authenticator };
}

describe("the subscription server's connections", () => {
  afterEach(() => void vi.useRealTimers());

  it("acknowledges an authenticated connection and counts it against its user", async () => {
    const { subscriptions } = setup(async () => ({ viewer: viewer("u1"), token: tokenExpiringIn(300) }));
    const first = client(subscriptions.server);
    await first.init({ authorization: "Bearer x" });
    expect(first.sent).toEqual([{ type: "connection_ack" }]);
    const second = client(subscriptions.server);
    await second.init({ authorization: "Bearer x" });
    expect(second.state.closedWith).toEqual({ code: 4429, reason: "Too many connections for this user" });
    await first.drop();
    const third = client(subscriptions.server);
    await third.init({ authorization: "Bearer x" });
    expect(third.sent).toEqual([{ type: "connection_ack" }]);
    subscriptions.stop();
  });

  it("keeps nothing of a client that left while its credential was being checked", async () => {
    let finish!: (auth: Authentication) => void;
    const { subscriptions } = setup(
      () =>
        new Promise((resolve) => {
          finish = resolve;
        }),
    );
    const gone = client(subscriptions.server);
    const init = gone.init({ "x-api-key": "amz_k_secret" });
    await gone.drop();
    finish({ viewer: viewer("u1"), token: tokenExpiringIn(60) });
    await init;
    expect(subscriptions.connections).toBe(0);
    // Its user's slot is free.
    const next = client(subscriptions.server);
    const accepted = next.init({ "x-api-key": "amz_k_secret" });
    finish({ viewer: viewer("u1"), token: tokenExpiringIn(60) });
    await accepted;
    expect(next.sent).toEqual([{ type: "connection_ack" }]);
    subscriptions.stop();
  });

  it("closes with 4401 a connection whose credential is refused, expires, or is revoked", async () => {
    vi.useFakeTimers();
    let revoked = false;
    const { subscriptions } = setup(
      async (headers) => {
        if (headers.authorization === "Bearer bad") throw new AuthenticationError("Invalid access token");
        return {
          viewer: viewer(String(headers.authorization)),
          token: tokenExpiringIn(headers.authorization === "Bearer short" ? 2 : 300),
        };
      },
      () => {
        if (revoked) throw new UnauthenticatedError("This session has ended; sign in again");
      },
    );
    const refused = client(subscriptions.server);
    await refused.init({ authorization: "Bearer bad" });
    expect(refused.state.closedWith).toEqual({ code: 4401, reason: "Invalid access token" });

    const expiring = client(subscriptions.server);
    await expiring.init({ authorization: "Bearer short" });
    const lasting = client(subscriptions.server);
    await lasting.init({ authorization: "Bearer long" });
    await vi.advanceTimersByTimeAsync(3_500);
    expect(expiring.state.closedWith).toEqual({ code: 4401, reason: "Access token expired; reconnect with a fresh token" });
    expect(lasting.state.closedWith).toBeNull();

    revoked = true;
    await vi.advanceTimersByTimeAsync(1_500);
    expect(lasting.state.closedWith).toEqual({ code: 4401, reason: "This session has ended; sign in again" });
    subscriptions.stop();
  });

  it("never rechecks anonymous connections", async () => {
    vi.useFakeTimers();
    const { subscriptions, authenticator } = setup(async () => ({ viewer: null, token: null }));
    const anonymous = client(subscriptions.server);
    await anonymous.init();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(authenticator.recheck).not.toHaveBeenCalled();
    expect(anonymous.state.closedWith).toBeNull();
    subscriptions.stop();
  });
});
