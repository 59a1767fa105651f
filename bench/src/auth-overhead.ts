// npx tsx bench/src/auth-overhead.ts [--rounds 3] [--duration 5] [--connections 20] [--only NAME]
//   What authentication and authorization add to a request through the router. A child process
//   runs the router (JWKS verification and API-key exchange configured) in front of the router
//   tests' fixture subgraphs, a fake users service serving the JWKS and the exchange; this process
//   drives load on 127.0.0.1, one scenario at a time for a bounded time, the scenarios interleaved
//   over several rounds (the machine is shared: medians of rounds are steadier than one long run):
//     anonymous          the query without credentials
//     bearer             the same query with a customer's RS256 token (verified by the router,
//                        forwarded, and verified again by the subgraph, as in production)
//     api key            the same query with an x-api-key (exchange cached after the first call)
//     bearer, filtered   a query with a field the customer may not see (filter + null merge)
//   and measures the router's own token check in process (authenticate(), µs per call).
import { spawn } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { createLogger, createTokenVerifier } from "@amazoff/kit";
import { startRouter } from "@amazoff/router";
// The router's own auth module and its test fixtures: this bench measures exactly those.
import { createAuthenticator } from "../../router/src/auth/authenticate.ts";
import { rememberVerifiedTokens } from "../../router/src/auth/verified-tokens.ts";
import { composeSupergraph } from "../../router/test/support/compose.ts";
import { startFixtureSubgraphs } from "../../router/test/support/fixture-subgraphs.ts";
import { ACCOUNTS_SDL, SHOP_SDL } from "../../router/test/support/schemas.ts";
import { createTestKeys, signAccessToken } from "../../router/test/support/tokens.ts";
import { FAKE_INTERNAL_SECRET, startFakeUsersServer } from "../../router/test/support/users-server.ts";
import { runLoad, type LoadResult } from "./load.ts";

const QUERY = "{ publicNote products { name price } }";
const FILTERED_QUERY = "{ publicNote products { name price cost } }";
const API_KEY = "ak_bench_partner_key_1";

interface Served {
  routerUrl: string;
  customerToken: string;
}

/** The child: fake users service, fixture subgraphs, router. Prints one JSON line when ready. */
async function serve(): Promise<void> {
  const keys = createTestKeys();
  const users = await startFakeUsersServer(keys);
  users.apiKeys.set(API_KEY, { sub: "partner-1", role: "PARTNER", scope: "catalog:read", akid: "key-1" });
  // Access tokens live 15 minutes at most (verifiers refuse longer ones): longer than any run.
  users.expiresIn = 900;
  const subgraphs = await startFixtureSubgraphs(users.jwksUrl);
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), "amazoff-bench-auth-")), "supergraph.graphql");
  await writeFile(
    file,
    composeSupergraph({ shop: { sdl: SHOP_SDL, url: subgraphs.shop.url }, accounts: { sdl: ACCOUNTS_SDL, url: subgraphs.accounts.url } }),
  );
  const router = await startRouter({
    supergraphPath: file,
    port: 0,
    host: "127.0.0.1",
    logger: createLogger({ service: "router", level: "warn" }),
    // As in production: the internal secret lets the router exchange keys and check revocations.
    auth: { jwksUrl: users.jwksUrl, apiKeyExchangeUrl: users.exchangeUrl, internalSecret: FAKE_INTERNAL_SECRET },
  });
  const customerToken = signAccessToken(
    keys,
    { sub: "customer-1", role: "CUSTOMER", scope: "catalog:read orders:read:own" },
    { expiresInSeconds: 900 },
  );
  const served: Served = { routerUrl: `http://127.0.0.1:${router.port}/graphql`, customerToken };
  process.stdout.write(`${JSON.stringify(served)}\n`);
  // Runs until the parent closes stdin or signals.
  const stop = async () => {
    await router.stop();
    await subgraphs.stop();
    await users.close();
    process.exit(0);
  };
  process.stdin.on("end", stop).resume();
  process.on("SIGTERM", stop);
}

/** authenticate() in process: the router's own cost of checking a credential, without HTTP or load. */
async function microbenchmark(): Promise<{ anonymousUs: number; firstSightUs: number; rememberedUs: number }> {
  const keys = createTestKeys();
  const verifier = createTokenVerifier(async () => [keys.jwk]);
  const token = signAccessToken(keys, { sub: "u", role: "CUSTOMER", scope: "catalog:read" }, { expiresInSeconds: 900 });
  const time = async (authenticator: ReturnType<typeof createAuthenticator>, headers: Record<string, string>, n: number) => {
    for (let i = 0; i < 200; i++) await authenticator.authenticate(headers);
    const started = performance.now();
    for (let i = 0; i < n; i++) await authenticator.authenticate(headers);
    return ((performance.now() - started) * 1000) / n;
  };
  const bearer = { authorization: `Bearer ${token}` };
  return {
    anonymousUs: await time(createAuthenticator({ verifier }), {}, 20_000),
    firstSightUs: await time(createAuthenticator({ verifier }), bearer, 5_000),
    rememberedUs: await time(createAuthenticator({ verifier: rememberVerifiedTokens(verifier) }), bearer, 20_000),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      connections: { type: "string", default: "20" },
      duration: { type: "string", default: "5" },
      rounds: { type: "string", default: "3" },
      only: { type: "string" },
      serve: { type: "boolean" },
    },
  });
  const connections = Number(values.connections);
  const durationSeconds = Math.min(Number(values.duration), 60);
  const rounds = Math.min(Number(values.rounds), 10);
  const micro = await microbenchmark();

  const child = spawn(process.execPath, ["--import", "tsx", import.meta.filename, "--serve"], { stdio: ["pipe", "pipe", "inherit"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    const firstLine = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once("line", resolve);
      child.once("exit", (code) => reject(new Error(`bench server exited (${code})`)));
    });
    const served = JSON.parse(firstLine) as Served;
    const scenarios: [string, string, Record<string, string>][] = [
      ["anonymous", QUERY, {}],
      ["bearer (customer token)", QUERY, { authorization: `Bearer ${served.customerToken}` }],
      ["x-api-key (cached exchange)", QUERY, { "x-api-key": API_KEY }],
      ["bearer, 1 field filtered", FILTERED_QUERY, { authorization: `Bearer ${served.customerToken}` }],
    ];
    const selected = scenarios.filter(([name]) => !values.only || name.includes(values.only));
    for (const [, query, headers] of selected) {
      // Warm-up: query plans cached, connections pooled, the API key exchanged, the token verified.
      await runLoad({ url: served.routerUrl, query, headers, connections: 5, durationSeconds: 2 });
    }
    const runs = new Map<string, LoadResult[]>();
    for (let round = 0; round < rounds; round++) {
      for (const [name, query, headers] of selected) {
        const result = await runLoad({ url: served.routerUrl, query, headers, connections, durationSeconds });
        runs.set(name, [...(runs.get(name) ?? []), result]);
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const summary = [...runs].map(([name, results]) => ({
      name,
      rps: median(results.map((r) => r.requestsPerSecond)),
      p50: median(results.map((r) => r.p50Ms)),
      p99: median(results.map((r) => r.p99Ms)),
      failures: results.reduce((sum, r) => sum + r.errors + r.non2xx, 0),
    }));
    const base = summary[0]!;
    console.log(`\nAmazoff router auth overhead, ${new Date().toISOString()}`);
    console.log(
      `machine: ${os.cpus().length} x ${os.cpus()[0]?.model.trim()}, Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(2)}`,
    );
    console.log(`query: ${QUERY}; ${connections} connections; median of ${rounds} interleaved ${durationSeconds} s runs per scenario\n`);
    console.table(
      Object.fromEntries(
        summary.map((r) => [
          r.name,
          { "req/s": r.rps, "p50 ms": r.p50, "p99 ms": r.p99, "Δp50 ms": +(r.p50 - base.p50).toFixed(2), "errors + non-2xx": r.failures },
        ]),
      ),
    );
    console.log(
      `authenticate() in process, per call: anonymous ${micro.anonymousUs.toFixed(2)} µs; bearer, token seen for the first time (RS256 verify) ${micro.firstSightUs.toFixed(1)} µs; bearer, token verified before ${micro.rememberedUs.toFixed(2)} µs\n`,
    );
  } finally {
    child.stdin!.end();
    await exited;
  }
}

if (process.argv.includes("--serve")) await serve();
else await main();
