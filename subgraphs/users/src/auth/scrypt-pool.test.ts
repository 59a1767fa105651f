import { randomBytes, scryptSync } from "node:crypto";
import { readFile } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { ScryptPool } from "./scrypt-pool.ts";

const options = (ln: number) => ({ N: 2 ** ln, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
const pools: ScryptPool[] = [];
const pool = (workers: number, maxQueue: number) => {
  const created = new ScryptPool({ workers, maxQueue });
  pools.push(created);
  return created;
};
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

describe("ScryptPool", () => {
  it("derives exactly what node's scrypt derives", async () => {
    const salt = randomBytes(16);
    const key = await pool(2, 4).derive("correct horse", salt, 32, options(10));
    expect(key.equals(scryptSync("correct horse", salt, 32, options(10)))).toBe(true);
  });

  it("runs at most `workers` at once, queues at most `maxQueue`, and refuses the rest with RATE_LIMITED", async () => {
    const scrypt = pool(1, 2);
    const salt = randomBytes(16);
    // Submitted in one go: the first runs, two wait, the fourth cannot even wait.
    const jobs = Array.from({ length: 4 }, () =>
      scrypt.derive("pw", salt, 32, options(12)).then(
        () => "ok",
        (error: unknown) => error,
      ),
    );
    expect(scrypt.load()).toEqual({ running: 1, queued: 2 });
    const results = await Promise.all(jobs);
    expect(results.slice(0, 3)).toEqual(["ok", "ok", "ok"]);
    expect(results[3]).toMatchObject({ extensions: { code: "RATE_LIMITED", retryAfterSeconds: expect.any(Number) } });
    expect((results[3] as { extensions: { retryAfterSeconds: number } }).extensions.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    // Once drained, it accepts work again.
    await expect(scrypt.derive("pw", salt, 32, options(8))).resolves.toHaveLength(32);
  });

  it("leaves libuv's thread pool free: file reads finish while every worker is busy hashing", async () => {
    const scrypt = pool(2, 8);
    const salt = randomBytes(16);
    const order: string[] = [];
    const hashes = Array.from({ length: 6 }, () => scrypt.derive("pw", salt, 32, options(15)).then(() => void order.push("hash")));
    // fs runs on libuv's threads, where node's own async scrypt would have queued these hashes.
    await readFile(new URL(import.meta.url));
    order.push("file");
    await Promise.all(hashes);
    expect(order[0]).toBe("file");
  });

  it("rejects running and queued work when closed, and any work after", async () => {
    const scrypt = pool(1, 4);
    const salt = randomBytes(16);
    const running = scrypt.derive("pw", salt, 32, options(12)).catch((error: unknown) => error);
    const queued = scrypt.derive("pw", salt, 32, options(12)).catch((error: unknown) => error);
    await scrypt.close();
    expect(await queued).toMatchObject({ message: "ScryptPool is closed" });
    expect(await running).toMatchObject({ message: "ScryptPool is closed" });
    await expect(scrypt.derive("pw", salt, 32, options(8))).rejects.toThrow("closed");
  });

  it("reports a failure of scrypt itself as an error", async () => {
    await expect(pool(1, 1).derive("pw", randomBytes(16), 32, { N: 3, r: 8, p: 1 })).rejects.toThrow("scrypt failed");
  });
});
