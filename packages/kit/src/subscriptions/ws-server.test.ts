import { randomUUID } from "node:crypto";
import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireViewer } from "../auth/guards.ts";
import { createRevocationList, refuseRevoked, revocationFeedFromUrl, revocationsUrlFor } from "../auth/revocations.ts";
import { createTokenVerifier, jwksFromUrl } from "../auth/verifier.ts";
import { NotFoundError } from "../errors.ts";
import { createLogger } from "../logger.ts";
import { startSubgraphServer, type RequestBase, type RunningServer } from "../server.ts";
import { startTestIssuer, type TestIssuer } from "../testing/issuer.ts";
import { subscribeOverWs } from "../testing/subscriptions.ts";

/** A pushable async iterator per subscriber, like a pub/sub listener. */
function hub() {
  const listeners = new Set<(value: unknown) => void>();
  return {
    publish: (value: unknown) => {
      for (const listener of listeners) listener(value);
    },
    listeners: () => listeners.size,
    iterator(): AsyncIterableIterator<unknown> {
      const queue: unknown[] = [];
      let wake: (() => void) | undefined;
      let done = false;
      const listener = (value: unknown) => {
        queue.push(value);
        wake?.();
      };
      listeners.add(listener);
      const iterator: AsyncIterableIterator<unknown> = {
        async next() {
          while (!queue.length && !done) await new Promise<void>((resolve) => (wake = resolve));
          if (done) return { done: true, value: undefined };
          return { done: false, value: queue.shift() };
        },
        async return() {
          done = true;
          listeners.delete(listener);
          wake?.();
          return { done: true, value: undefined };
        },
        [Symbol.asyncIterator]: () => iterator,
      };
      return iterator;
    },
  };
}

const typeDefs = parse(/* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
  type Query {
    ping: String
  }
  type Subscription {
    ticks: Int!
    mine: String!
    secret(id: ID!): String!
    broken: String!
  }
`);

const ticks = hub();
const mine = hub();
const resolvers = {
  Query: { ping: () => "pong" },
  Subscription: {
    ticks: { subscribe: () => ticks.iterator(), resolve: (value: number) => value },
    mine: {
      subscribe: (_: unknown, __: unknown, ctx: RequestBase) => {
        requireViewer(ctx.viewer);
        return mine.iterator();
      },
      resolve: (_value: unknown, _args: unknown, ctx: RequestBase) => ctx.viewer!.userId,
    },
    secret: {
      subscribe: () => {
        throw new NotFoundError("No such thing");
      },
    },
    broken: {
      subscribe: () => {
        throw new Error("connect ECONNREFUSED 10.0.0.1:5432 SELECT secret FROM t");
      },
    },
  },
};

let issuer: TestIssuer;
let server: RunningServer;
beforeAll(async () => {
  issuer = await startTestIssuer();
  const log = createLogger({ service: "ws-test", level: "silent" });
  const revocations = createRevocationList({
    source: revocationFeedFromUrl(revocationsUrlFor(issuer.jwksUrl), "s".repeat(16)),
    log,
    pollIntervalMs: 50,
  });
  server = await startSubgraphServer({
    name: "ws-test",
    typeDefs,
    resolvers,
    port: 0,
    host: "127.0.0.1",
    logger: log,
    context: (base) => base,
    verifier: refuseRevoked(createTokenVerifier(jwksFromUrl(issuer.jwksUrl)), revocations),
    subscriptions: { identityCheckIntervalMs: 50 },
  });
});
afterAll(async () => {
  await server?.stop();
  await issuer?.stop();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe("subscriptions over graphql-ws on the subgraph's /graphql", () => {
  it("serves a public subscription to an anonymous connection, and releases it when the client completes", async () => {
    const sub = subscribeOverWs<{ ticks: number }>(server.url, "subscription { ticks }");
    await sub.connected;
    await expect.poll(() => ticks.listeners()).toBe(1);
    ticks.publish(1);
    ticks.publish(2);
    expect((await sub.next()).data).toEqual({ ticks: 1 });
    expect((await sub.next()).data).toEqual({ ticks: 2 });
    await sub.stop();
    await expect.poll(() => ticks.listeners()).toBe(0);
    await expect.poll(() => server.subscriptionStats!()).toEqual({ connections: 0, subscriptions: 0 });
  });

  it("knows the caller from connectionParams.authorization, and refuses anonymous callers where a viewer is required", async () => {
    const userId = randomUUID();
    const sub = subscribeOverWs(server.url, "subscription { mine }", {}, { ...bearer(issuer.token(userId)), "x-request-id": "req-1" });
    await expect.poll(() => mine.listeners()).toBe(1);
    mine.publish("x");
    expect((await sub.next()).data).toEqual({ mine: userId });
    await sub.stop();

    const anonymous = subscribeOverWs(server.url, "subscription { mine }");
    const result = await anonymous.next();
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(["UNAUTHENTICATED"]);
    expect(await anonymous.ended).toEqual({ kind: "complete" });
    await anonymous.stop();
  });

  it("closes the connection with 4401 when the token does not verify", async () => {
    for (const authorization of ["Bearer not-a-token", "Basic abc", `Bearer ${issuer.token(randomUUID())}x`]) {
      const sub = subscribeOverWs(server.url, "subscription { ticks }", {}, { authorization });
      await expect(sub.connected).rejects.toThrow();
      expect(await sub.ended).toMatchObject({ kind: "closed", code: 4401 });
      await sub.stop();
    }
  });

  it("sends errors with their code, and masks unexpected ones as INTERNAL without details", async () => {
    const notFound = subscribeOverWs(server.url, 'subscription { secret(id: "1") }');
    expect((await notFound.next()).errors).toEqual([
      expect.objectContaining({ extensions: { code: "NOT_FOUND" }, message: "No such thing" }),
    ]);
    await notFound.stop();
    const broken = subscribeOverWs(server.url, "subscription { broken }");
    const errors = (await broken.next()).errors!;
    expect(errors.map((e) => e.extensions?.code)).toEqual(["INTERNAL"]);
    expect(JSON.stringify(errors)).not.toMatch(/ECONNREFUSED|SELECT/);
    await broken.stop();
  });

  it("ends a subscription with UNAUTHENTICATED when its token expires, then closes the connection with 4401", async () => {
    const sub = subscribeOverWs(
      server.url,
      "subscription { mine }",
      {},
      bearer(issuer.token(randomUUID(), "CUSTOMER", { expiresInSeconds: 2 })),
    );
    await sub.connected;
    const ending = await sub.next();
    expect(ending.errors?.map((e) => e.extensions?.code)).toEqual(["UNAUTHENTICATED"]);
    expect(ending.errors?.[0]?.message).toBe("Access token expired");
    expect(await sub.ended).toEqual({ kind: "complete" });
    await expect.poll(() => server.subscriptionStats!().connections).toBe(0);
    await sub.stop();
  });

  it("ends a subscription when its session is revoked", async () => {
    const sessionId = randomUUID();
    const sub = subscribeOverWs(server.url, "subscription { ticks }", {}, bearer(issuer.token(randomUUID(), "CUSTOMER", { sessionId })));
    await expect.poll(() => ticks.listeners()).toBe(1);
    ticks.publish(7);
    expect((await sub.next()).data).toEqual({ ticks: 7 });
    issuer.revoke("session", sessionId);
    const ending = await sub.next();
    expect(ending.errors?.map((e) => e.extensions?.code)).toEqual(["UNAUTHENTICATED"]);
    expect(await sub.ended).toEqual({ kind: "complete" });
    await expect.poll(() => ticks.listeners()).toBe(0);
    await sub.stop();
  });

  it("answers a subscription sent over HTTP with a client error, not INTERNAL", async () => {
    const response = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "subscription { ticks }" }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors.map((e) => e.extensions.code)).toEqual(["BAD_USER_INPUT"]);
  });

  it("reports open connections on /health", async () => {
    const sub = subscribeOverWs(server.url, "subscription { ticks }");
    await expect.poll(() => ticks.listeners()).toBe(1);
    const health = await (await fetch(server.url.replace("/graphql", "/health"))).json();
    expect(health).toMatchObject({ status: "ok", subscriptions: { connections: 1, subscriptions: 1 } });
    await sub.stop();
  });
});
