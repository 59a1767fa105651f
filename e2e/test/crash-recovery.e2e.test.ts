import { readlinkSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { graphqlClient, type GraphQLResponse } from "@amazoff/kit/testing";
import { afterAll, describe, expect, it } from "vitest";
import { descendants, eventually, freePort, isAlive, spawnTs } from "./helpers.ts";

// `npm start`'s supervisor, for real, on a data folder and ports of its own; a subgraph is killed
// outright (kill -9) while clients keep querying through the router.
const root = path.resolve(import.meta.dirname, "../..");
const dataDir = await mkdtemp(path.join(os.tmpdir(), "amazoff-crash-"));
await chmod(dataDir, 0o755); // PostgreSQL runs as the `postgres` user when tests run as root
const pgPort = await freePort();
const offset = 20_000 + Math.floor(Math.random() * 10_000);
const routerOrigin = `http://127.0.0.1:${4000 + offset}`;
const client = graphqlClient(`${routerOrigin}/graphql`);

const UNTOUCHED = `query ($n: Int!) { products(first: $n) { totalCount edges { node { name price { amount currency } category { name } } } } }`;
const TOUCHING = `query ($n: Int!) { products(first: $n) { edges { node { id name inStock availability { status } } } } }`;
const INVENTORY_FIELD = /^products\.edges\.(\d+)\.node\.(inStock|availability)$/;

interface Edge {
  node: { id: string; name: string | null; inStock: boolean | null; availability: { status: string } | null };
}

/** A partial answer as the router must give it with inventory down: everything but inventory's fields, each with its error. */
function isPartialWithoutInventory(response: GraphQLResponse, n: number): boolean {
  const edges = (response.data?.products as { edges: Edge[] } | undefined)?.edges;
  if (response.status !== 200 || !edges || edges.length !== n || edges.some((e) => !e.node.name)) return false;
  const errors = response.errors ?? [];
  const atField = errors.every(
    (e) =>
      e.extensions?.code === "SUBGRAPH_UNAVAILABLE" &&
      e.extensions.serviceName === "inventory" &&
      INVENTORY_FIELD.test((e.path ?? []).join(".")),
  );
  // A field is null exactly where an error says so.
  const nulled = new Set(errors.map((e) => (e.path ?? []).join(".")));
  const nulledAs = (i: number, field: string) => nulled.has(`products.edges.${i}.node.${field}`);
  const consistent = edges.every(
    (e, i) => (e.node.inStock === null) === nulledAs(i, "inStock") && (e.node.availability === null) === nulledAs(i, "availability"),
  );
  return errors.length > 0 && atField && consistent;
}

function inventoryPid(supervisorPid: number): number | undefined {
  const dir = path.join(root, "subgraphs", "inventory");
  return descendants(supervisorPid).find((pid) => {
    try {
      return readlinkSync(`/proc/${pid}/cwd`) === dir;
    } catch {
      return false;
    }
  });
}

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe("a subgraph killed with SIGKILL under load", () => {
  it("is restarted by the supervisor while the rest keeps answering, and its fields degrade to null with errors meanwhile", async () => {
    const platform = spawnTs("packages/devstack/src/start.ts", [], {
      cwd: root,
      detached: true,
      env: {
        AMAZOFF_DATA_DIR: dataDir,
        AMAZOFF_PG_PORT: String(pgPort),
        AMAZOFF_PORT_OFFSET: String(offset),
        LOG_LEVEL: "info",
        // Inherited by the children: a smaller demo catalog, cheaper demo passwords, every query
        // reaching the subgraphs (no response cache), and a quick view of subgraph states.
        DEMO_PRODUCT_COUNT: "40",
        USERS_SCRYPT_COST: "8",
        RESPONSE_CACHE_TTL_MS: "0",
        SUBGRAPH_HEALTH_INTERVAL_MS: "250",
      },
    });
    try {
      await platform.waitFor("Amazoff is up", 150_000);
      const supervisorPid = platform.child.pid!;
      const victim = inventoryPid(supervisorPid);
      expect(victim).toBeDefined();

      // Bounded load: one client that never touches inventory, one that always does, one that
      // watches the router's /ready; they run until the recovery is seen (at most 60 s).
      const untouchedFailures: unknown[] = [];
      const wrongAnswers: unknown[] = [];
      const counts = { untouched: 0, full: 0, partial: 0, fullAfterPartial: 0 };
      const readySawInventoryDown = { value: false };
      const deadline = Date.now() + 60_000;
      let running = true;
      const loop = async (step: (i: number) => Promise<void>) => {
        for (let i = 0; running && Date.now() < deadline; i++) await step(i);
      };
      const load = Promise.all([
        loop(async (i) => {
          const n = 1 + (i % 10);
          const response = await client(UNTOUCHED, { n }).catch(
            (error: unknown) => ({ status: 0, error: String(error) }) as unknown as GraphQLResponse,
          );
          counts.untouched++;
          const edges = (response.data?.products as { edges: unknown[] } | undefined)?.edges;
          if (response.status !== 200 || response.errors || edges?.length !== n) untouchedFailures.push(response);
        }),
        loop(async (i) => {
          const n = 1 + (i % 10);
          const response = await client(TOUCHING, { n }).catch(
            (error: unknown) => ({ status: 0, error: String(error) }) as unknown as GraphQLResponse,
          );
          const edges = (response.data?.products as { edges: Edge[] } | undefined)?.edges;
          const whole = edges?.length === n && edges.every((e) => e.node.availability && typeof e.node.inStock === "boolean");
          if (response.status === 200 && !response.errors && whole) {
            counts.full++;
            if (counts.partial > 0) counts.fullAfterPartial++;
          } else if (isPartialWithoutInventory(response, n)) {
            counts.partial++;
          } else {
            wrongAnswers.push(response);
          }
        }),
        loop(async () => {
          const ready = (await fetch(`${routerOrigin}/ready`).then((r) => r.json())) as { subgraphs: Record<string, { up: boolean }> };
          if (ready.subgraphs.inventory && !ready.subgraphs.inventory.up) readySawInventoryDown.value = true;
          await new Promise((r) => setTimeout(r, 100));
        }),
      ]);

      await eventually(async () => expect(counts.full).toBeGreaterThanOrEqual(3), 20_000);
      const killedAt = performance.now();
      process.kill(victim!, "SIGKILL");
      await eventually(async () => expect(counts.partial).toBeGreaterThan(0), 15_000);
      // Back with no restart by hand: full answers again (a few, so that it is not a fluke).
      await eventually(async () => expect(counts.fullAfterPartial).toBeGreaterThanOrEqual(3), 45_000);
      const backAfter = (performance.now() - killedAt) / 1000;
      running = false;
      await load;

      process.stdout.write(
        `\n[crash-recovery] inventory answered again ${backAfter.toFixed(1)} s after kill -9; ` +
          `${counts.untouched} queries without inventory (failed: ${untouchedFailures.length}), ` +
          `${counts.full} full and ${counts.partial} partial answers with inventory fields\n`,
      );
      expect(untouchedFailures).toEqual([]);
      expect(wrongAnswers).toEqual([]);
      expect(readySawInventoryDown.value).toBe(true);
      expect(platform.output()).toContain("inventory exited unexpectedly (signal SIGKILL); restart attempt 1 in 0.5 s");
      expect(platform.output()).toContain("inventory is back");
      const restarted = inventoryPid(supervisorPid);
      expect(restarted).toBeDefined();
      expect(restarted).not.toBe(victim);
      await eventually(async () => {
        const ready = (await fetch(`${routerOrigin}/ready`).then((r) => r.json())) as { status: string };
        expect(ready.status).toBe("ready");
      }, 10_000);

      // Ctrl-C: the supervisor alone gets it and stops the router, the subgraphs, then PostgreSQL.
      const processes = descendants(supervisorPid);
      process.kill(-supervisorPid, "SIGINT");
      expect(await platform.exited).toEqual({ code: 0, signal: null });
      const stopping = platform.output().slice(platform.output().lastIndexOf("stopping..."));
      const order = ["[router]", "[inventory]", "[postgres]", "[amazoff]       stopped"].map((tag) => stopping.indexOf(tag));
      expect(order.every((at) => at > 0)).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      expect(processes.filter(isAlive)).toEqual([]);
    } finally {
      if (platform.child.exitCode === null && platform.child.signalCode === null) {
        process.kill(-platform.child.pid!, "SIGTERM");
        await platform.exited;
      }
    }
  }, 240_000);
});
