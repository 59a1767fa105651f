import { describe, expect, it } from "vitest";
import { PasswordHasher } from "./password-hasher.ts";

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

  it("takes as long without a hash (unknown account) as with one", async () => {
    const slow = new PasswordHasher(13);
    const hash = await slow.hash("password here");
    const time = async (stored: string | null) => {
      const samples: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        const started = performance.now();
        await slow.verify("wrong password", stored);
        samples.push(performance.now() - started);
      }
      return samples.sort((x, y) => x - y)[2]!;
    };
    const [withHash, without] = [await time(hash), await time(null)];
    expect(without / withHash).toBeGreaterThan(0.5);
    expect(without / withHash).toBeLessThan(2);
  });
});
