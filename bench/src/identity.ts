import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { runLoad } from "./load.ts";
import { benchDataDir, startPlatform } from "./platform.ts";

const PRODUCTS = "{ products(first: 20) { totalCount edges { node { id name price { amount currency } } } } }";
const PASSWORD = "Correct-Horse-Bench-2026";
const SIGNUP = `mutation($e: String!, $p: String!) { signup(email: $e, password: $p, displayName: "Bench") { accessToken } }`;
const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`;

/** One GraphQL call's outcome: "ok", or the first error's code (or the HTTP status when there is none). */
type Outcome = string;

async function call(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  address: string,
): Promise<{ outcome: Outcome; ms: number }> {
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method: "POST",
      // The router trusts x-forwarded-for here (TRUST_PROXY): each simulated client has its own address.
      headers: { "content-type": "application/json", "x-forwarded-for": address },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(60_000),
    });
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    const outcome = body.errors?.length ? String(body.errors[0]!.extensions?.code ?? response.status) : "ok";
    return { outcome, ms: performance.now() - started };
  } catch (error) {
    return { outcome: `network: ${(error as Error).name}`, ms: performance.now() - started };
  }
}

const tally = (outcomes: Outcome[]) =>
  Object.entries(
    outcomes.reduce<Record<string, number>>((counts, o) => {
      counts[o] = (counts[o] ?? 0) + 1;
      return counts;
    }, {}),
  )
    .map(([o, n]) => `${o} ${n}`)
    .join(", ");
const percentile = (sorted: number[], p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0);
const addressOf = (i: number) => `10.77.${(i >> 8) & 255}.${i & 255}`;

/**
 * Identity figures on the whole platform (scrypt N=2^15, r=8, p=1, as in production):
 * - bursts of 100 concurrent sign-ups and then 100 concurrent logins (each client its own account
 *   and address): how long the burst takes and what every request got (ok, RATE_LIMITED, INTERNAL);
 * - sustained logins per second: 8 clients, each logging in again as soon as it is answered,
 *   rotating over those 100 accounts;
 * - what verifying a Bearer token adds to a catalog query through the router, anonymous vs
 *   signed in, same query, same load.
 */
export async function identityBench(connections: number, durationSeconds: number): Promise<Record<string, string>> {
  const dataDir = await benchDataDir();
  // The response cache would answer the anonymous side from memory: off, to compare like with like.
  const platform = await startPlatform({
    dataDir,
    pgPort: 47_000 + Math.floor(Math.random() * 1000),
    portOffset: 33_000,
    env: { RESPONSE_CACHE_TTL_MS: "0", TRUST_PROXY: "true" },
  });
  try {
    const figures: Record<string, string> = {};
    const url = platform.routerUrl;
    const accounts = Array.from({ length: 100 }, (_, i) => ({
      email: `bench-${randomUUID().slice(0, 8)}-${i}@example.com`,
      address: addressOf(i),
    }));

    let started = performance.now();
    const signups = await Promise.all(accounts.map((a) => call(url, SIGNUP, { e: a.email, p: PASSWORD }, a.address)));
    figures["100 concurrent sign-ups"] = `${Math.round(performance.now() - started)} ms in all; ${tally(signups.map((s) => s.outcome))}`;
    const registered = accounts.filter((_, i) => signups[i]!.outcome === "ok");

    started = performance.now();
    const logins = await Promise.all(registered.map((a) => call(url, LOGIN, { e: a.email, p: PASSWORD }, a.address)));
    figures[`${registered.length} concurrent logins`] =
      `${Math.round(performance.now() - started)} ms in all; ${tally(logins.map((s) => s.outcome))}`;

    // Sustained: 8 clients, each logging in again as soon as it has its answer.
    const outcomes: Outcome[] = [];
    const latencies: number[] = [];
    let next = 0;
    const deadline = performance.now() + durationSeconds * 1000;
    started = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (performance.now() < deadline && registered.length) {
          const account = registered[next++ % registered.length]!;
          const result = await call(url, LOGIN, { e: account.email, p: PASSWORD }, account.address);
          outcomes.push(result.outcome);
          latencies.push(result.ms);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const ok = outcomes.filter((o) => o === "ok").length;
    figures[`logins, 8 clients, ${durationSeconds} s`] =
      `${(ok / seconds).toFixed(1)} logins/s, p50 ${percentile(latencies, 0.5)} ms, p99 ${percentile(latencies, 0.99)} ms; ${tally(outcomes)}`;

    const token = (await (
      await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: LOGIN, variables: { e: registered[0]?.email, p: PASSWORD } }),
      })
    ).json()) as {
      data: { login: { accessToken: string } };
    };
    await runLoad({ url, query: PRODUCTS, connections: 10, durationSeconds: 3 });
    // Interleaved rounds, so drift on a shared machine hits both sides alike.
    const rounds: { anonymous: number[]; bearer: number[] } = { anonymous: [], bearer: [] };
    for (let round = 0; round < 3; round += 1) {
      const anonymous = await runLoad({ url, query: PRODUCTS, connections, durationSeconds: Math.ceil(durationSeconds / 3) });
      const bearer = await runLoad({
        url,
        query: PRODUCTS,
        headers: { authorization: `Bearer ${token.data.login.accessToken}` },
        connections,
        durationSeconds: Math.ceil(durationSeconds / 3),
      });
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
