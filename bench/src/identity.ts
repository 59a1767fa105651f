import { rm } from "node:fs/promises";
import { demoAccounts } from "../../subgraphs/users/src/seed/demo-accounts.ts";
import { runLoad } from "./load.ts";
import { benchDataDir, startPlatform } from "./platform.ts";

const PRODUCTS = "{ products(first: 20) { totalCount edges { node { id name price { amount currency } } } } }";

/**
 * Identity figures on the whole platform: logins per second (the password hash's cost is the
 * point: scrypt N=2^15, r=8, p=1), and what verifying a Bearer token adds to a catalog query
 * through the router, anonymous vs signed in, same query, same load.
 */
export async function identityBench(connections: number, durationSeconds: number): Promise<Record<string, string>> {
  const dataDir = await benchDataDir();
  // The response cache would answer the anonymous side from memory: off, to compare like with like.
  const platform = await startPlatform({ dataDir, pgPort: 47_000 + Math.floor(Math.random() * 1000), portOffset: 33_000, env: { RESPONSE_CACHE_TTL_MS: "0" } });
  try {
    const customer = demoAccounts().find((a) => a.role === "CUSTOMER")!;
    const login = `mutation { login(email: "${customer.email}", password: "${customer.password}") { accessToken } }`;
    const figures: Record<string, string> = {};
    const logins = await runLoad({ url: platform.routerUrl, query: login, connections: 8, durationSeconds });
    figures[`login (scrypt N=2^15), 8 connections, ${durationSeconds} s`] = `${logins.requestsPerSecond} req/s, p50 ${logins.p50Ms} ms, p99 ${logins.p99Ms} ms, errors ${logins.errors + logins.non2xx}`;

    const response = await fetch(platform.routerUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: login }) });
    const token = ((await response.json()) as { data: { login: { accessToken: string } } }).data.login.accessToken;
    await runLoad({ url: platform.routerUrl, query: PRODUCTS, connections: 10, durationSeconds: 3 });
    // Interleaved rounds, so drift on a shared machine hits both sides alike.
    const rounds: { anonymous: number[]; bearer: number[] } = { anonymous: [], bearer: [] };
    for (let round = 0; round < 3; round += 1) {
      const anonymous = await runLoad({ url: platform.routerUrl, query: PRODUCTS, connections, durationSeconds: Math.ceil(durationSeconds / 3) });
      const bearer = await runLoad({ url: platform.routerUrl, query: PRODUCTS, headers: { authorization: `Bearer ${token}` }, connections, durationSeconds: Math.ceil(durationSeconds / 3) });
      rounds.anonymous.push(anonymous.p50Ms);
      rounds.bearer.push(bearer.p50Ms);
      figures[`round ${round + 1}: products(first: 20), ${connections} connections`] =
        `anonymous ${anonymous.requestsPerSecond} req/s p50 ${anonymous.p50Ms} ms p99 ${anonymous.p99Ms} ms | bearer ${bearer.requestsPerSecond} req/s p50 ${bearer.p50Ms} ms p99 ${bearer.p99Ms} ms`;
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    figures["token verification, added p50 (median of rounds)"] = `${(median(rounds.bearer) - median(rounds.anonymous)).toFixed(1)} ms`;
    return figures;
  } finally {
    await platform.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
