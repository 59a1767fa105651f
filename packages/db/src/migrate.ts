import { spawn } from "node:child_process";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const PRISMA_BIN = fileURLToPath(new URL("../bin/prisma.mjs", import.meta.url));

export interface MigrationTarget {
  /** The subgraph's folder (holding prisma/ and prisma.config.ts). */
  dir: string;
  /** The variable its prisma.config.ts reads the URL from, e.g. CATALOG_DATABASE_URL. */
  urlVariable: string;
  url: string;
}

async function localMigrations(dir: string): Promise<string[]> {
  const entries = await readdir(path.join(dir, "prisma", "migrations"), { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/**
 * Local migrations that the database has not applied. Read-only: it lets a restart skip the
 * Prisma CLI (about 2 s a subgraph) when nothing changed; applying stays Prisma's job.
 */
export async function pendingMigrations(target: MigrationTarget): Promise<string[]> {
  const local = await localMigrations(target.dir);
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ migration_name: string }>(
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
    );
    const applied = new Set(rows.map((r) => r.migration_name));
    return local.filter((name) => !applied.has(name));
  } catch (error) {
    if ((error as { code?: string }).code === "42P01") return local; // no _prisma_migrations yet
    throw error;
  } finally {
    await client.end();
  }
}

/** Runs the offline Prisma CLI (bin/prisma.mjs) in a subgraph's folder. */
export function runPrisma(dir: string, args: string[], env: Record<string, string>, options: { quiet?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PRISMA_BIN, ...args], {
      cwd: dir,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk;
      if (!options.quiet) process.stdout.write(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk;
      if (!options.quiet) process.stderr.write(chunk);
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`prisma ${args.join(" ")} failed in ${dir} (exit ${code}):\n${output}`));
    });
  });
}

/** Applies pending migrations with `prisma migrate deploy`; returns the names it applied. */
export async function migrateDeploy(target: MigrationTarget, options: { quiet?: boolean } = {}): Promise<string[]> {
  const pending = await pendingMigrations(target);
  if (pending.length === 0) return [];
  await runPrisma(target.dir, ["migrate", "deploy"], { [target.urlVariable]: target.url }, options);
  return pending;
}
