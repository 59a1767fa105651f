import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedCluster, type Cluster } from "../src/cluster.ts";
import { migrateDeploy, pendingMigrations, runPrisma } from "../src/migrate.ts";

const fixture = path.join(import.meta.dirname, "fixture");
let cluster: Cluster;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "amazoff-db-test-"));
  await chmod(dataDir, 0o755);
  cluster = await startEmbeddedCluster({ dataDir, port: 40_000 + Math.floor(Math.random() * 10_000), ephemeral: true });
});
afterAll(async () => {
  await cluster?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe("embedded cluster", () => {
  it("creates a database once, even when asked concurrently", async () => {
    await Promise.all([cluster.ensureDatabase("twice"), cluster.ensureDatabase("twice"), cluster.ensureDatabase("twice")]);
    const count = await cluster.admin(
      async (client) => (await client.query("SELECT count(*)::int AS n FROM pg_database WHERE datname = 'twice'")).rows[0].n,
    );
    expect(count).toBe(1);
  });

  it("refuses database names that are not plain identifiers", async () => {
    await expect(cluster.ensureDatabase('x"; DROP DATABASE postgres; --')).rejects.toThrow(/unsafe database name/);
  });
});

describe("offline Prisma migrations", () => {
  it("lists pending migrations, applies them with the Prisma CLI, then has nothing pending", async () => {
    await cluster.ensureDatabase("fixture");
    const target = { dir: fixture, urlVariable: "FIXTURE_DATABASE_URL", url: cluster.url("fixture") };
    expect(await pendingMigrations(target)).toEqual(["20260101000000_init"]);
    expect(await migrateDeploy(target, { quiet: true })).toEqual(["20260101000000_init"]);
    expect(await pendingMigrations(target)).toEqual([]);
    expect(await migrateDeploy(target, { quiet: true })).toEqual([]);
  });

  it("reports no drift for a schema with CHECK constraints (migrate diff through the adapter)", async () => {
    const output = await runPrisma(
      fixture,
      ["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema-datamodel", "prisma/schema.prisma", "--exit-code"],
      { FIXTURE_DATABASE_URL: cluster.url("fixture") },
      { quiet: true },
    );
    expect(output).toMatch(/No difference detected|empty migration/i);
  });
});
