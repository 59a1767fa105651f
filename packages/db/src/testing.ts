import { chmod, mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { clusterAt, startEmbeddedCluster, type Cluster } from "./cluster.ts";
import { migrateDeploy } from "./migrate.ts";

import type {} from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    /** URL of the test cluster's maintenance database (set by the global setup). */
    pgAdminUrl: string;
  }
}

export interface TestSubgraph {
  /** Database name prefix and template name, e.g. "catalog". */
  name: string;
  dir: string;
  urlVariable: string;
}

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export const templateName = (name: string) => `${name}_template`;

/**
 * A vitest global setup: one real PostgreSQL cluster for the whole run (or the one at
 * TEST_DATABASE_URL), with a migrated template database per subgraph. Each test file then copies
 * a template into a database of its own (`createTestDatabase`), which takes milliseconds.
 */
export function postgresGlobalSetup(subgraphs: TestSubgraph[]) {
  return async function setup(project: { provide(key: "pgAdminUrl", value: string): void }) {
    let dataDir: string | undefined;
    let cluster: Cluster;
    const external = process.env.TEST_DATABASE_URL;
    if (external) {
      cluster = clusterAt(external);
    } else {
      dataDir = await mkdtemp(path.join(os.tmpdir(), "amazoff-test-pg-"));
      // mkdtemp makes it 0700; as root, PostgreSQL runs as the `postgres` user and must enter it.
      await chmod(dataDir, 0o755);
      cluster = await startEmbeddedCluster({ dataDir, port: await freePort(), ephemeral: true });
    }
    for (const subgraph of subgraphs) {
      const template = templateName(subgraph.name);
      await cluster.dropDatabase(template);
      await cluster.ensureDatabase(template);
      await migrateDeploy({ dir: subgraph.dir, urlVariable: subgraph.urlVariable, url: cluster.url(template) }, { quiet: true });
    }
    project.provide("pgAdminUrl", cluster.url("postgres"));
    return async () => {
      await cluster.stop();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    };
  };
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database for one test file, copied from the subgraph's template. */
export async function createTestDatabase(adminUrl: string, subgraph: string): Promise<TestDatabase> {
  const cluster = clusterAt(adminUrl);
  const name = `${subgraph}_t_${randomBytes(6).toString("hex")}`;
  await cluster.ensureDatabase(name, templateName(subgraph));
  return { url: cluster.url(name), name, drop: () => cluster.dropDatabase(name) };
}
