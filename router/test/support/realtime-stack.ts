import { mkdtemp, rename, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { createLogger, createTokenVerifier, jwksFromUrl, startSubgraphServer, type RequestBase, type RunningServer } from "@amazoff/kit";
import { parse } from "graphql";
import { startRouter, type RunningRouter, type SubscriptionOptions } from "../../src/server.ts";
import { startAlertsSubgraph, type AlertsSubgraph } from "./alerts-subgraph.ts";
import { composeSupergraph } from "./compose.ts";
import { startFaultProxy, type FaultProxy } from "./fault-proxy.ts";
import { ALERTS_SDL, CATALOG, CATALOG_SDL, ORDERS, ORDERS_SDL } from "./realtime-schemas.ts";
import { createTestKeys, signAccessToken, type TestKeys, type TokenClaims } from "./tokens.ts";
import { FAKE_INTERNAL_SECRET, startFakeUsersServer, type FakeUsersServer } from "./users-server.ts";

export interface RealtimeStack {
  keys: TestKeys;
  users: FakeUsersServer;
  alerts: AlertsSubgraph;
  orders: RunningServer;
  catalog: RunningServer;
  /** In front of catalog: fails the completion fetches on demand. */
  catalogProxy: FaultProxy;
  router: RunningRouter;
  /** The router's GraphQL URL (http; the WebSocket endpoint is the same path). */
  url: string;
  /** The router's log lines, parsed. */
  logs: Record<string, unknown>[];
  token(claims?: TokenClaims, expiresInSeconds?: number): string;
  /** Rewrites the supergraph file the router watches, with the alerts subgraph's SDL replaced. */
  replaceAlertsSdl(alertsSdl: string): Promise<void>;
  /** Kills the alerts subgraph, or brings it back on the same port. */
  stopAlerts(): Promise<void>;
  restartAlerts(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A router over three fixture subgraphs shaped like the platform's real-time part: `alerts` serves
 * subscriptions over graphql-ws (like the notifications subgraph), `orders` and `catalog` (behind
 * a fault proxy) complete the entities its events refer to. Tokens are signed by a fake users
 * subgraph that also serves the revocation feed.
 */
export async function startRealtimeStack(subscriptions: Partial<SubscriptionOptions> = {}): Promise<RealtimeStack> {
  const keys = createTestKeys();
  const users = await startFakeUsersServer(keys);
  const verifier = createTokenVerifier(jwksFromUrl(users.jwksUrl));
  const logger = createLogger({ service: "fixture", level: "silent" });
  let alerts = await startAlertsSubgraph(verifier);
  const alertsPort = alerts.port;
  const orders = await startSubgraphServer({
    name: "orders",
    typeDefs: parse(ORDERS_SDL),
    port: 0,
    host: "127.0.0.1",
    logger,
    verifier,
    context: (base: RequestBase) => base,
    resolvers: {
      Query: { order: (_: unknown, { id }: { id: string }) => ORDERS.find((o) => o.id === id) ?? null },
      Order: { __resolveReference: (ref: { id: string }) => ORDERS.find((o) => o.id === ref.id) ?? null },
    },
  });
  const catalog = await startSubgraphServer({
    name: "catalog",
    typeDefs: parse(CATALOG_SDL),
    port: 0,
    host: "127.0.0.1",
    logger,
    verifier,
    context: (base: RequestBase) => base,
    resolvers: {
      Query: { product: (_: unknown, { id }: { id: string }) => CATALOG.find((p) => p.id === id) ?? null },
      Product: { __resolveReference: (ref: { id: string }) => CATALOG.find((p) => p.id === ref.id) ?? null },
    },
  });
  const catalogProxy = await startFaultProxy(new URL(catalog.url.replace("localhost", "127.0.0.1")).origin);
  const supergraphFile = path.join(await mkdtemp(path.join(os.tmpdir(), "amazoff-realtime-")), "supergraph.graphql");
  const writeSupergraph = async (alertsSdl: string) => {
    const sdl = composeSupergraph({
      alerts: { sdl: alertsSdl, url: alerts.url },
      orders: { sdl: ORDERS_SDL, url: orders.url.replace("localhost", "127.0.0.1") },
      catalog: { sdl: CATALOG_SDL, url: catalogProxy.url },
    });
    // Written aside, then renamed: the router never reads half a file.
    await writeFile(`${supergraphFile}.next`, sdl);
    await rename(`${supergraphFile}.next`, supergraphFile);
  };
  await writeSupergraph(ALERTS_SDL);
  const logs: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const router = await startRouter({
    supergraphPath: supergraphFile,
    port: 0,
    host: "127.0.0.1",
    logger: createLogger({ service: "router", level: "debug", destination }),
    auth: {
      jwksUrl: users.jwksUrl,
      apiKeyExchangeUrl: users.exchangeUrl,
      internalSecret: FAKE_INTERNAL_SECRET,
      revocationsPollIntervalMs: 200,
    },
    subscriptions: { recheckIntervalMs: 200, ...subscriptions },
  });
  return {
    keys,
    users,
    get alerts() {
      return alerts;
    },
    orders,
    catalog,
    catalogProxy,
    router,
    url: router.url.replace("localhost", "127.0.0.1"),
    logs,
    replaceAlertsSdl: writeSupergraph,
    token: (claims = {}, expiresInSeconds) => signAccessToken(keys, claims, expiresInSeconds === undefined ? {} : { expiresInSeconds }),
    stopAlerts: () => alerts.stop(),
    restartAlerts: async () => {
      alerts = await startAlertsSubgraph(verifier, alertsPort);
    },
    async stop() {
      await router.stop();
      await alerts.stop().catch(() => {});
      await orders.stop();
      await catalogProxy.close();
      await catalog.stop();
      await users.close();
      verifier.stop?.();
    },
  };
}
