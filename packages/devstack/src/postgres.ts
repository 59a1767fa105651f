import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { clusterAt, startEmbeddedCluster, type Cluster } from "@amazoff/db";
import { startProcess, waitForMessage, type ManagedProcess } from "./processes.ts";
import type { ServiceSpec } from "./supervisor.ts";

/** Whether a process with this pid exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A PostgreSQL left running by a supervisor that was killed outright (SIGKILL) still holds the
 * data folder; stop it (fast shutdown) so this run can start its own.
 */
async function stopLeftoverPostgres(dataDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, "utf8")).split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  log(`stopping a PostgreSQL left running by an earlier run (pid ${pid})`);
  process.kill(pid, "SIGINT");
  const deadline = Date.now() + 15_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) throw new Error(`PostgreSQL pid ${pid} (data in ${dataDir}) did not stop; stop it and retry`);
}

/** The cluster password: random, made on first start, kept (mode 0600) beside the cluster. */
export async function clusterPassword(dataRoot: string): Promise<string> {
  const file = path.join(dataRoot, "postgres-password");
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  const password = randomBytes(18).toString("base64url");
  await mkdir(dataRoot, { recursive: true });
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/** Starts the development cluster in `<data>/postgres`, reusing its data from earlier runs. */
export async function startDevCluster(dataRoot: string, port: number, log: (line: string) => void): Promise<Cluster> {
  const dataDir = path.join(dataRoot, "postgres");
  await stopLeftoverPostgres(dataDir, log);
  const password = await clusterPassword(dataRoot);
  return startEmbeddedCluster({ dataDir, port, password });
}

/**
 * The development cluster as a supervised service (src/postgres-process.ts): started first,
 * stopped last, restarted like any other service if it dies.
 */
export function postgresService(dataRoot: string, port: number): ServiceSpec<ManagedProcess> {
  return {
    name: "postgres",
    launch: () =>
      startProcess("postgres", {
        cwd: path.resolve(import.meta.dirname, ".."),
        entry: "src/postgres-process.ts",
        args: [dataRoot, String(port)],
        env: {},
      }),
    ready: (running) => waitForMessage("postgres", running, "ready"),
  };
}

/** A handle on the development cluster that the postgres service runs. */
export async function devCluster(dataRoot: string, port: number): Promise<Cluster> {
  const password = encodeURIComponent(await clusterPassword(dataRoot));
  return clusterAt(`postgresql://amazoff:${password}@127.0.0.1:${port}/postgres`);
}
