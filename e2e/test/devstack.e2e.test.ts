import { existsSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { graphqlClient } from "@amazoff/kit/testing";
import { afterAll, describe, expect, it } from "vitest";
import { descendants, freePort, isAlive, spawnTs } from "./helpers.ts";

// `npm start`'s supervisor, run for real on a data folder and ports of its own.
const root = path.resolve(import.meta.dirname, "../..");
const dataDir = await mkdtemp(path.join(os.tmpdir(), "amazoff-devstack-"));
await chmod(dataDir, 0o755); // PostgreSQL runs as the `postgres` user when tests run as root
const pgPort = await freePort();
const offset = 20_000 + Math.floor(Math.random() * 10_000);
const routerUrl = `http://127.0.0.1:${4000 + offset}/graphql`;
/** How long a start may take: every subgraph starts at once, on two cores shared with the tests. */
const START_TIMEOUT_MS = 120_000;

function start(detached: boolean) {
  return spawnTs("packages/devstack/src/start.ts", [], {
    cwd: root,
    detached,
    env: { AMAZOFF_DATA_DIR: dataDir, AMAZOFF_PG_PORT: String(pgPort), AMAZOFF_PORT_OFFSET: String(offset), LOG_LEVEL: "info" },
  });
}

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe("npm start's supervisor", { timeout: START_TIMEOUT_MS + 30_000 }, () => {
  it("brings up PostgreSQL, the demo data, the subgraphs and the router; Ctrl-C stops every process", async () => {
    // detached: its own process group, so the test can deliver Ctrl-C to the whole group.
    const platform = start(true);
    await platform.waitFor("Amazoff is up", START_TIMEOUT_MS);
    expect(platform.output()).toMatch(/catalog: applied migrations \d+_init/);

    const response = await graphqlClient(routerUrl)(
      `{ products(first: 5) { totalCount edges { node { name price { amount currency } category { name } } } } }`,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.products.totalCount).toBe(600);
    expect(response.data!.products.edges).toHaveLength(5);

    const processes = descendants(platform.child.pid!);
    // at least: PostgreSQL, one subgraph and the router
    expect(processes.length).toBeGreaterThanOrEqual(3);
    process.kill(-platform.child.pid!, "SIGINT"); // what a terminal does on Ctrl-C
    // Only the supervisor is in that process group: it stops everything in order, then itself.
    expect(await platform.exited).toEqual({ code: 0, signal: null });
    expect(platform.output()).toContain("[amazoff]       stopped");
    await new Promise((r) => setTimeout(r, 500));
    expect(processes.filter(isAlive)).toEqual([]);
    expect(existsSync(path.join(dataDir, "postgres", "postmaster.pid"))).toBe(false);
  });

  it("reuses the data on a second start and stops cleanly on SIGTERM", async () => {
    const platform = start(false);
    await platform.waitFor("Amazoff is up", START_TIMEOUT_MS);
    expect(platform.output()).not.toContain("applied migrations");
    // A warm start adds nothing, and says what the catalog holds.
    expect(platform.output()).toMatch(/demo catalog ready\s+categories=40 products=600 addedCategories=0 addedProducts=0/);

    const response = await graphqlClient(routerUrl)(`{ products(first: 1) { totalCount } }`);
    expect(response.data!.products.totalCount).toBe(600);

    const processes = descendants(platform.child.pid!);
    platform.child.kill("SIGTERM");
    expect(await platform.exited).toEqual({ code: 0, signal: null });
    expect(platform.output()).toContain("[amazoff]       stopped");
    expect(processes.filter(isAlive)).toEqual([]);
  });
});
