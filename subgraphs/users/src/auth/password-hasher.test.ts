import { describe, expect, it, vi } from "vitest";
import { PasswordHasher } from "./password-hasher.ts";
import type { ScryptPool } from "./scrypt-pool.ts";

const hasher = new PasswordHasher(10);

describe("PasswordHasher", () => {
  it("hashes with a fresh salt and verifies only the right password", async () => {
    const [a, b] = await Promise.all([hasher.hash("correct horse"), hasher.hash("correct horse")]);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$/);
    expect(await hasher.verify("correct horse", a)).toBe(true);
    expect(await hasher.verify("correct horsE", a)).toBe(false);
  });

  it("normalises Unicode: a composed and a decomposed é are the same password", async () => {
    const hash = await hasher.hash("caf\u00e9 au lait!");
    expect(await hasher.verify("cafe\u0301 au lait!", hash)).toBe(true);
  });

  it("verifies hashes made with other parameters, and flags weaker ones for an upgrade", async () => {
    const weak = await new PasswordHasher(6).hash("pw pw pw pw");
    expect(await hasher.verify("pw pw pw pw", weak)).toBe(true);
    expect(hasher.needsRehash(weak)).toBe(true);
    expect(hasher.needsRehash(await hasher.hash("x"))).toBe(false);
  });

  it("answers false for missing or corrupt hashes, never throws", async () => {
    for (const stored of [
      null,
      undefined,
      "",
      "plain",
      "$scrypt$ln=99,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ]) {
      expect(await hasher.verify("anything", stored)).toBe(false);
    }
  });

  it("costs the same scrypt work without a hash (unknown account) as with one", async () => {
    // The time of a check is the scrypt it runs: the same parameters and key length means the
    // same work, so response time cannot tell whether an account exists. (Wall-clock comparisons
    // of the two were flaky on a loaded machine; this fails as surely if the null path skips it.)
    const hash = await hasher.hash("password here");
    const pool = (hasher as unknown as { pool: ScryptPool }).pool;
    const derive = vi.spyOn(pool, "derive");
    let calls: Parameters<ScryptPool["derive"]>[];
    try {
      await hasher.verify("wrong password", hash);
      await hasher.verify("wrong password", null);
      await hasher.verify("wrong password", "not a hash");
      calls = [...derive.mock.calls];
    } finally {
      derive.mockRestore();
    }
    expect(calls).toHaveLength(3);
    const work = calls.map(([, salt, keyLength, options]) => ({ saltBytes: salt.length, keyLength, ...options }));
    expect(work[1]).toEqual(work[0]);
    expect(work[2]).toEqual(work[0]);
  });
});
