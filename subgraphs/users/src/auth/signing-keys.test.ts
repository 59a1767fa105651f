import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { kidOf, loadSigningKeys, signingKeyFromPem, signingKeySet } from "./signing-keys.ts";

const rsa = (bits = 2048) => generateKeyPairSync("rsa", { modulusLength: bits }).privateKey;

describe("signing keys", () => {
  it("load PEM files in order: the first signs, all are published with kids derived from the keys", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "keys-"));
    const [a, b] = [rsa(), rsa()];
    const files = await Promise.all(
      [a, b].map(async (key, i) => {
        const file = path.join(dir, `${i}.pem`);
        await writeFile(file, key.export({ type: "pkcs8", format: "pem" }));
        return file;
      }),
    );
    const keys = loadSigningKeys(files);
    expect(keys.current.kid).toBe(kidOf(createPublicKey(a)));
    expect(keys.jwks().keys.map((k) => k.kid)).toEqual([kidOf(createPublicKey(a)), kidOf(createPublicKey(b))]);
    expect(await keys.keySource()).toEqual(keys.jwks().keys);
    expect(JSON.stringify(keys.jwks())).not.toMatch(/"d"|"p"|"q"/);
  });

  it("refuse what is not a 2048-bit or larger RSA private key, naming the file but not its contents", async () => {
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" });
    expect(() => signingKeyFromPem("-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----", "bad.pem")).toThrow(
      /^bad\.pem: not a PEM private key$/,
    );
    expect(() => signingKeyFromPem(ec, "ec.pem")).toThrow(/RSA/);
    expect(() => signingKeyFromPem(rsa(1024).export({ type: "pkcs8", format: "pem" }), "small.pem")).toThrow(/1024 bits/);
    expect(() => loadSigningKeys(["/nonexistent/key.pem"])).toThrow(/cannot read \/nonexistent\/key\.pem \(ENOENT\)/);
  });

  it("refuse an empty list and the same key twice", () => {
    const key = signingKeyFromPem(rsa().export({ type: "pkcs8", format: "pem" }), "a");
    expect(key.kid).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(() => signingKeySet([])).toThrow(/at least one/);
    expect(() => signingKeySet([key, key])).toThrow(/twice/);
  });
});
