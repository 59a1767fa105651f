import { existsSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { migrateDeploy, type Cluster } from "@amazoff/db";
import { composeFromConfig } from "@amazoff/router/composition";
import { databaseUrlVariable, externalDatabaseUrl, loadDevstackEnv } from "./env.ts";
import { developmentInternalSecret, developmentSigningKeys } from "./keys.ts";
import { devCluster, isAlive, postgresService } from "./postgres.ts";
import { httpService } from "./processes.ts";
import { subgraphServices } from "./services.ts";
import { Supervisor } from "./supervisor.ts";

const started = performance.now();
const root = path.resolve(import.meta.dirname, "../../..");
const env = loadDevstackEnv(root);
const say = (line: string) => process.stdout.write(`[amazoff]       ${line}\n`);
const seconds = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;

const supervisor = new Supervisor({ log: say });
let cluster: Cluster | undefined;
let shuttingDown: Promise<void> | undefined;
const lockFile = path.join(env.dataDir, "devstack.pid");

/**
 * Stops every service in reverse start order (router, subgraphs, then PostgreSQL), pending
 * restarts cancelled; safe to call more than once.
 */
function shutdown(code: number): Promise<void> {
  shuttingDown ??= (async () => {
    say("stopping...");
    await supervisor.stop();
    await rm(lockFile, { force: true });
    say("stopped");
    process.exit(code);
  })();
  return shuttingDown;
}

// The supervisor owns the shutdown order. Its children run in process groups of their own, so
// Ctrl-C reaches this process alone.
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
process.on("SIGHUP", () => void shutdown(0));

async function main(): Promise<void> {
  if (existsSync(lockFile)) {
    const pid = Number(await readFile(lockFile, "utf8"));
    if (isAlive(pid) && pid !== process.pid) throw new Error(`Amazoff is already running (supervisor pid ${pid}); stop it first`);
  }
  const services = await subgraphServices(root, env.AMAZOFF_PORT_OFFSET);
  const routerPort = env.ROUTER_PORT + env.AMAZOFF_PORT_OFFSET;
  const databases = new Map<string, { url: string; embedded: boolean }>();

  const needsEmbedded = !env.EVENTS_DATABASE_URL || services.some((s) => !externalDatabaseUrl(s.name));
  if (needsEmbedded) {
    await supervisor.start(postgresService(env.dataDir, env.AMAZOFF_PG_PORT));
    cluster = await devCluster(env.dataDir, env.AMAZOFF_PG_PORT);
    await writeFile(lockFile, String(process.pid));
    say(`PostgreSQL (embedded) on 127.0.0.1:${cluster.port}, data in ${path.relative(root, env.dataDir)}/postgres (${seconds()})`);
  }
  // The durable event queue (pg-boss) lives in a database of its own.
  const eventsUrl = env.EVENTS_DATABASE_URL ?? (await eventsDatabase(cluster!));
  const signingKeys = env.USERS_SIGNING_KEYS || (await developmentSigningKeys(env.dataDir)).join(",");
  const internalSecret = env.INTERNAL_API_SECRET ?? (await developmentInternalSecret(env.dataDir));
  const usersService = services.find((s) => s.name === "users");
  const usersBase = usersService ? new URL(usersService.url).origin : undefined;
  // Where each subgraph's internal endpoints are (the checkout saga calls its peers there).
  const internalUrls = Object.fromEntries(
    services.map((s) => [`${s.name.toUpperCase().replace(/-/g, "_")}_INTERNAL_URL`, new URL(s.url).origin]),
  );
  const identity: Record<string, string> = usersBase
    ? { USERS_JWKS_URL: `${usersBase}/.well-known/jwks.json`, USERS_API_KEY_EXCHANGE_URL: `${usersBase}/internal/api-keys/exchange` }
    : {};

  await Promise.all(
    services.map(async (service) => {
      const external = externalDatabaseUrl(service.name);
      if (external) {
        databases.set(service.name, { url: external, embedded: false });
      } else {
        await cluster!.ensureDatabase(service.name.replace(/-/g, "_"));
        databases.set(service.name, { url: cluster!.url(service.name.replace(/-/g, "_")), embedded: true });
      }
      const applied = await migrateDeploy(
        { dir: service.dir, urlVariable: databaseUrlVariable(service.name), url: databases.get(service.name)!.url },
        { quiet: true },
      );
      if (applied.length) say(`${service.name}: applied migrations ${applied.join(", ")}`);
    }),
  );
  say(`databases migrated (${seconds()})`);

  const composed = await composeFromConfig(path.join(root, "supergraph.yaml"));
  if (!composed.ok) throw new Error(`composition failed:\n  - ${composed.errors.join("\n  - ")}`);
  const supergraphPath = path.join(env.dataDir, "supergraph.graphql");
  await writeFile(supergraphPath, composed.supergraphSdl);

  await Promise.all(
    services.map((s) =>
      supervisor.start(
        httpService(s.name, s.dir, `http://127.0.0.1:${s.port}/ready`, {
          PORT: String(s.port),
          [databaseUrlVariable(s.name)]: databases.get(s.name)!.url,
          SEED_DEMO_DATA: String(env.SEED_DEMO_DATA),
          LOG_LEVEL: env.LOG_LEVEL,
          NODE_ENV: "development",
          EVENTS_DATABASE_URL: eventsUrl,
          USERS_SIGNING_KEYS: signingKeys,
          INTERNAL_API_SECRET: internalSecret,
          ...internalUrls,
          ...identity,
          ...(s.name === "notifications" ? notificationsEnv(routerPort) : {}),
        }),
      ),
    ),
  );
  say(`subgraphs ready (${seconds()})`);

  await supervisor.start(
    httpService("router", path.join(root, "router"), `http://127.0.0.1:${routerPort}/health`, {
      PORT: String(routerPort),
      SUPERGRAPH_PATH: supergraphPath,
      LOG_LEVEL: env.LOG_LEVEL,
      NODE_ENV: "development",
      // The composed supergraph keeps supergraph.yaml's URLs; point the router at the actual ports.
      SUBGRAPH_URL_OVERRIDES: services.map((s) => `${s.name}=${s.url}`).join(","),
      // Checkout is a saga across five services: the router waits longer for orders than for
      // reads, so a slow checkout is not reported as failed while it completes.
      SUBGRAPH_TIMEOUTS: "orders=30000",
      INTERNAL_API_SECRET: internalSecret,
      ...identity,
    }),
  );
  // From here on a service that exits is restarted (with backoff) while the others keep serving.
  supervisor.supervise();

  const rows = [
    ["Router (GraphQL, Sandbox)", `http://localhost:${routerPort}/graphql`],
    ...services.map((s) => [
      `${s.name} subgraph`,
      `${s.url}  (database: ${databases.get(s.name)!.embedded ? `embedded "${s.name}"` : "external"})`,
    ]),
    ...(services.some((s) => s.name === "notifications")
      ? [["Emails and SMS (development)", `${path.relative(root, env.dataDir)}/outbox/`]]
      : []),
    ...(cluster
      ? [
          [
            "PostgreSQL (embedded)",
            `127.0.0.1:${cluster.port}, user amazoff, password in ${path.relative(root, env.dataDir)}/postgres-password`,
          ],
        ]
      : []),
  ];
  process.stdout.write(
    `\nAmazoff is up in ${seconds()}\n${rows.map(([k, v]) => `  ${k!.padEnd(28)} ${v}`).join("\n")}\n` +
      `  Health                       http://localhost:${routerPort}/health\n` +
      `  Readiness (every subgraph)   http://localhost:${routerPort}/ready\n${await demoAccountLines(services)}\nPress Ctrl-C to stop.\n\n`,
  );
}

/**
 * The notifications subgraph in development: every email is also written as an .eml file (and
 * SMS to sms.log) under <data>/outbox, and links in them lead to the local platform.
 */
function notificationsEnv(routerPort: number): Record<string, string> {
  return { NOTIFICATIONS_OUTBOX_DIR: path.join(env.dataDir, "outbox"), SHOP_URL: `http://localhost:${routerPort}` };
}

/** The durable event queue (pg-boss) lives in a database of its own on the embedded cluster. */
async function eventsDatabase(embedded: Cluster): Promise<string> {
  await embedded.ensureDatabase("events");
  return embedded.url("events");
}

/** The demo accounts' credentials (development only), when the users subgraph runs with demo data. */
async function demoAccountLines(services: { name: string }[]): Promise<string> {
  if (!env.SEED_DEMO_DATA || !services.some((s) => s.name === "users")) return "";
  const { describeDemoAccounts } = await import("@amazoff/users/demo-accounts");
  const lines = Object.entries(describeDemoAccounts()).map(
    ([role, credentials]) => `  ${`Demo ${role.toLowerCase()}`.padEnd(28)} ${credentials}`,
  );
  return `\n${lines.join("\n")}\n  (log in with the login mutation; the partner sends its key as x-api-key)\n`;
}

main().catch(async (error: unknown) => {
  process.stderr.write(`\n[amazoff] start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  await shutdown(1);
});
