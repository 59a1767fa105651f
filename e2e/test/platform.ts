import { generateKeyPairSync } from "node:crypto";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { clusterAt } from "@amazoff/db";
import { createTestDatabase, type TestDatabase } from "@amazoff/db/testing";
import { createLogger, type Logger, type RunningServer } from "@amazoff/kit";
import { graphqlClient, type GraphQLClient } from "@amazoff/kit/testing";
import { startRouter, type RunningRouter } from "@amazoff/router";
import { composeFromConfig } from "@amazoff/router/composition";
import { inject } from "vitest";
import { createCatalogDb } from "../../subgraphs/catalog/src/db.ts";
import { parseCatalogEnv } from "../../subgraphs/catalog/src/env.ts";
import { seedCatalog } from "../../subgraphs/catalog/src/seed/seed.ts";
import { startCatalog } from "../../subgraphs/catalog/src/server.ts";
import { parseCartEnv } from "../../subgraphs/cart/src/env.ts";
import { startCart } from "../../subgraphs/cart/src/server.ts";
import { parseCommentsEnv } from "../../subgraphs/comments/src/env.ts";
import { startComments } from "../../subgraphs/comments/src/server.ts";
import { parseInventoryEnv } from "../../subgraphs/inventory/src/env.ts";
import { parseNotificationsEnv } from "../../subgraphs/notifications/src/env.ts";
import { startNotifications } from "../../subgraphs/notifications/src/server.ts";
import { startInventory } from "../../subgraphs/inventory/src/server.ts";
import { parseOrdersEnv } from "../../subgraphs/orders/src/env.ts";
import { startOrders } from "../../subgraphs/orders/src/server.ts";
import { parsePaymentsEnv } from "../../subgraphs/payments/src/env.ts";
import { startPayments } from "../../subgraphs/payments/src/server.ts";
import { parseUsersEnv } from "../../subgraphs/users/src/env.ts";
import { startUsers } from "../../subgraphs/users/src/server.ts";
import { freePort, spawnTs, type Spawned } from "./helpers.ts";

export const SUBGRAPHS = ["users", "catalog", "inventory", "payments", "cart", "orders", "notifications", "comments"] as const;
export type SubgraphName = (typeof SUBGRAPHS)[number];

const root = path.resolve(import.meta.dirname, "../..");
export const INTERNAL_SECRET = "e2e-internal-secret-0123456789abcdef";

export interface Platform {
  router: RunningRouter;
  /** An anonymous client of the router. */
  query: GraphQLClient;
  /** A client of the router sending these headers. */
  as(headers: Record<string, string>): GraphQLClient;
  /** Where each subgraph answers (for direct calls: defense in depth). */
  urls: Record<SubgraphName, string>;
  /** Each subgraph's own database (for assertions only). */
  databases: Record<SubgraphName, TestDatabase>;
  supergraphSdl: string;
  /** Restarts orders as a child process (crash tests): fault injection via env. */
  restartOrders(env?: Record<string, string>): Promise<Spawned>;
  stop(): Promise<void>;
}

export interface PlatformOptions {
  /** Demo catalog size (the first N demo products). */
  products?: number;
  /** Demo accounts and demo stock (users, inventory). */
  demoData?: boolean;
  /** Checkout saga lease (short for crash tests). */
  sagaLeaseMs?: number;
  /** Each service's logger (default: silent, or E2E_LOG_LEVEL); tests that read logs pass their own. */
  logger?: (service: string) => Logger;
}

const quiet = (service: string) => createLogger({ service, level: (process.env.E2E_LOG_LEVEL as "silent") ?? "silent" });

/**
 * The whole platform in this process, as `npm start` wires it, on real databases: every subgraph
 * on a random port with a database of its own (copied from the migrated templates), one event
 * queue, the users subgraph signing with a key made for this run, and the router over the
 * composed supergraph.yaml.
 */
export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const adminUrl = inject("pgAdminUrl");
  const cluster = clusterAt(adminUrl);
  const databases = Object.fromEntries(
    await Promise.all(SUBGRAPHS.map(async (name) => [name, await createTestDatabase(adminUrl, name)])),
  ) as Record<SubgraphName, TestDatabase>;
  const eventsDb = `events_${Math.random().toString(16).slice(2, 10)}`;
  await cluster.ensureDatabase(eventsDb);
  const keyDir = await mkdtemp(path.join(os.tmpdir(), "amazoff-e2e-keys-"));
  await chmod(keyDir, 0o755);
  const keyFile = path.join(keyDir, "signing.pem");
  await writeFile(keyFile, generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }), {
    mode: 0o600,
  });

  const ports = Object.fromEntries(await Promise.all(SUBGRAPHS.map(async (name) => [name, await freePort()]))) as Record<
    SubgraphName,
    number
  >;
  const origin = (name: SubgraphName) => `http://127.0.0.1:${ports[name]}`;
  const common = {
    HOST: "127.0.0.1",
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    INTERNAL_API_SECRET: INTERNAL_SECRET,
    EVENTS_DATABASE_URL: cluster.url(eventsDb),
    USERS_JWKS_URL: `${origin("users")}/.well-known/jwks.json`,
    CATALOG_INTERNAL_URL: origin("catalog"),
    USERS_INTERNAL_URL: origin("users"),
    INVENTORY_INTERNAL_URL: origin("inventory"),
    CART_INTERNAL_URL: origin("cart"),
    PAYMENTS_INTERNAL_URL: origin("payments"),
    ORDERS_INTERNAL_URL: origin("orders"),
    SEED_DEMO_DATA: String(options.demoData ?? true),
  };
  const envFor = (name: SubgraphName, extra: Record<string, string> = {}) => ({
    ...common,
    PORT: String(ports[name]),
    [`${name.toUpperCase()}_DATABASE_URL`]: databases[name].url,
    ...extra,
  });

  const loggerFor = options.logger ?? quiet;
  const servers: RunningServer[] = [];
  let orders: RunningServer | Spawned | undefined;
  let router: RunningRouter | undefined;
  try {
    servers.push(
      await startUsers(parseUsersEnv(envFor("users", { USERS_SIGNING_KEYS: keyFile, USERS_SCRYPT_COST: "8" })), loggerFor("users")),
    );
    const catalogDb = createCatalogDb(databases.catalog.url);
    await seedCatalog(catalogDb, options.products ?? 60);
    await catalogDb.close();
    servers.push(await startCatalog(parseCatalogEnv(envFor("catalog", { SEED_DEMO_DATA: "false" })), loggerFor("catalog")));
    servers.push(
      await startInventory(parseInventoryEnv(envFor("inventory", { INVENTORY_SWEEP_INTERVAL_MS: "200" })), loggerFor("inventory")),
    );
    servers.push(
      await startPayments(parsePaymentsEnv(envFor("payments", { PAYMENTS_PROVIDER_TIMEOUT_MS: "1500" })), loggerFor("payments")),
    );
    servers.push(await startCart(parseCartEnv(envFor("cart")), loggerFor("cart")));
    servers.push(await startComments(parseCommentsEnv(envFor("comments")), loggerFor("comments")));
    const ordersEnv = envFor("orders", {
      SAGA_LEASE_MS: String(options.sagaLeaseMs ?? 30_000),
      SAGA_RECOVERY_INTERVAL_MS: "500",
      PEER_TIMEOUT_MS: "5000",
    });
    orders = await startOrders(parseOrdersEnv(ordersEnv), loggerFor("orders"));
    // Emails are written as .eml files (no SMTP server in these tests); SMS are not sent.
    servers.push(
      await startNotifications(
        parseNotificationsEnv(
          envFor("notifications", { NOTIFICATIONS_OUTBOX_DIR: path.join(keyDir, "outbox"), NOTIFICATIONS_SMS_PROVIDER: "none" }),
        ),
        loggerFor("notifications"),
      ),
    );

    const composed = await composeFromConfig(path.join(root, "supergraph.yaml"));
    if (!composed.ok) throw new Error(composed.errors.join("\n"));
    const supergraphPath = path.join(keyDir, "supergraph.graphql");
    await writeFile(supergraphPath, composed.supergraphSdl);
    router = await startRouter({
      supergraphPath,
      port: 0,
      host: "127.0.0.1",
      logger: loggerFor("router"),
      subgraphUrlOverrides: Object.fromEntries(SUBGRAPHS.map((name) => [name, `${origin(name)}/graphql`])),
      // As npm start, with room for the stress tests (200 checkouts at once on two shared cores):
      // they test overselling, not latency.
      subgraphTimeouts: { defaultMs: 10_000, bySubgraph: { orders: 60_000 } },
      auth: {
        jwksUrl: common.USERS_JWKS_URL,
        apiKeyExchangeUrl: `${origin("users")}/internal/api-keys/exchange`,
        internalSecret: INTERNAL_SECRET,
      },
    });
    const activeRouter = router;

    return {
      router: activeRouter,
      query: graphqlClient(activeRouter.url),
      as: (headers) => graphqlClient(activeRouter.url, headers),
      urls: Object.fromEntries(SUBGRAPHS.map((name) => [name, `${origin(name)}/graphql`])) as Record<SubgraphName, string>,
      databases,
      supergraphSdl: composed.supergraphSdl,
      async restartOrders(env = {}) {
        await stopOrders(orders);
        const child = spawnTs("src/index.ts", [], {
          cwd: path.join(root, "subgraphs/orders"),
          env: { ...ordersEnv, LOG_LEVEL: "info", ...env },
        });
        orders = child;
        await child.waitFor("orders subgraph ready", 60_000);
        return child;
      },
      async stop() {
        await activeRouter.stop();
        await stopOrders(orders);
        for (const server of servers.reverse()) await server.stop();
        await Promise.all(Object.values(databases).map((d) => d.drop()));
        await cluster.dropDatabase(eventsDb);
        await rm(keyDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await router?.stop().catch(() => {});
    await stopOrders(orders).catch(() => {});
    for (const server of servers.reverse()) await server.stop().catch(() => {});
    throw error;
  }
}

async function stopOrders(orders: RunningServer | Spawned | undefined): Promise<void> {
  if (!orders) return;
  if ("child" in orders) {
    if (orders.child.exitCode === null && orders.child.signalCode === null) {
      orders.child.kill("SIGTERM");
      await orders.exited;
    }
    return;
  }
  await orders.stop();
}
