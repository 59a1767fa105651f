// npm run bench -- foundation
//   Start-up time of `npm start` (cold: new data folder; warm: second start on the same data),
//   router resident memory at idle, and products(first: 20) through the router at 50 connections
//   for 20 s. Everything runs on this machine, on its own ports and data folder.
// npm run bench -- search
//   Searches through the router on 10,000 products, 50 connections for 20 s per query.
// npm run bench -- checkout [--connections 10] [--duration 20]
//   Customers looping add-to-cart + checkout through the router: orders/s and checkout latency.
// npm run bench -- identity
//   Bursts of 100 concurrent sign-ups and logins (outcome of each), logins per second, and the p50
//   a Bearer token adds to a catalog query through the router.
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { runLoad } from "./load.ts";
import { residentKiB, root, startPlatform } from "./platform.ts";
import { checkoutBench } from "./checkout.ts";
import { identityBench } from "./identity.ts";
import { searchBench } from "./search.ts";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { connections: { type: "string", default: "50" }, duration: { type: "string", default: "20" } },
});

const machine = `${os.cpus().length} x ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;

async function foundation() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "amazoff-bench-"));
  await chmod(dataDir, 0o755);
  const options = { dataDir, pgPort: 45_000 + Math.floor(Math.random() * 1000), portOffset: 30_000 };
  try {
    const cold = await startPlatform(options);
    await cold.stop();
    const warm = await startPlatform(options);
    await new Promise((r) => setTimeout(r, 3000));
    const idleKiB = residentKiB(warm.child.pid!, path.join(root, "router"));
    const connections = Number(values.connections);
    const durationSeconds = Number(values.duration);
    // Warm-up: query plans cached, connections pooled.
    await runLoad({ url: warm.routerUrl, query: PRODUCTS, connections: 10, durationSeconds: 3 });
    const load = await runLoad({ url: warm.routerUrl, query: PRODUCTS, connections, durationSeconds });
    // Authenticated callers bypass the response cache: the cost of the whole path.
    const uncached = await runLoad({
      url: warm.routerUrl,
      query: PRODUCTS,
      connections,
      durationSeconds,
      headers: { authorization: `Bearer ${await customerToken(warm.routerUrl)}` },
    });
    const loadedKiB = residentKiB(warm.child.pid!, path.join(root, "router"));
    await warm.stop();
    console.log(`\nAmazoff foundation benchmark, ${new Date().toISOString()}\nmachine: ${machine}\n`);
    console.table({
      "npm start -> router answers (cold, new data)": `${(cold.readyMs / 1000).toFixed(1)} s`,
      "npm start -> router answers (warm, same data)": `${(warm.readyMs / 1000).toFixed(1)} s`,
      "router RSS at idle": `${(idleKiB / 1024).toFixed(0)} MiB`,
      "router RSS after load": `${(loadedKiB / 1024).toFixed(0)} MiB`,
      [`products(first: 20), anonymous (response cache), ${connections} connections, ${durationSeconds} s`]: `${load.requestsPerSecond} req/s, p50 ${load.p50Ms} ms, p90 ${load.p90Ms} ms, p99 ${load.p99Ms} ms, max ${load.maxMs} ms`,
      [`products(first: 20), signed in (no cache), ${connections} connections, ${durationSeconds} s`]: `${uncached.requestsPerSecond} req/s, p50 ${uncached.p50Ms} ms, p90 ${uncached.p90Ms} ms, p99 ${uncached.p99Ms} ms, max ${uncached.maxMs} ms`,
      "errors / non-2xx": `${load.errors + uncached.errors} / ${load.non2xx + uncached.non2xx}`,
    });
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function customerToken(routerUrl: string): Promise<string> {
  const { demoAccounts } = await import("../../subgraphs/users/src/seed/demo-accounts.ts");
  const customer = demoAccounts().find((a) => a.role === "CUSTOMER")!;
  const response = await fetch(routerUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: `mutation { login(email: "${customer.email}", password: "${customer.password}") { accessToken } }` }),
  });
  return ((await response.json()) as { data: { login: { accessToken: string } } }).data.login.accessToken;
}

const PRODUCTS = "{ products(first: 20) { totalCount edges { node { id name price { amount currency } category { name } } } } }";

async function search() {
  const figures = await searchBench(Number(values.connections), Number(values.duration));
  console.log(`\nAmazoff search benchmark (10,000 products), ${new Date().toISOString()}\nmachine: ${machine}\n`);
  console.table(figures);
}

async function checkout() {
  const workers = Number(values.connections === "50" ? "10" : values.connections);
  const figures = await checkoutBench(workers, Number(values.duration));
  console.log(`\nAmazoff checkout benchmark, ${new Date().toISOString()}\nmachine: ${machine}\n`);
  console.table(figures);
}

async function identity() {
  const figures = await identityBench(Number(values.connections), Number(values.duration));
  console.log(`\nAmazoff identity benchmark, ${new Date().toISOString()}\nmachine: ${machine}\n`);
  console.table(figures);
}

const benches: Record<string, () => Promise<void>> = { foundation, search, checkout, identity };
const name = positionals[0] ?? "foundation";
const bench = benches[name];
if (!bench) {
  console.error(`unknown benchmark ${name}; one of: ${Object.keys(benches).join(", ")}`);
  process.exit(2);
}
await bench();
