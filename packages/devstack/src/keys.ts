import { generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * Development signing keys for the users subgraph, generated on first start into
 * `<data>/keys/` (git-ignored, mode 0600). Returns every key file, newest first: the users
 * subgraph signs with the first and publishes all (drop a newer `users-signing-<n>.pem` in the
 * folder to rotate). Production passes its own keys in USERS_SIGNING_KEYS.
 */
export async function developmentSigningKeys(dataRoot: string): Promise<string[]> {
  const dir = path.join(dataRoot, "keys");
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const first = path.join(dir, "users-signing-1.pem");
  if (!existsSync(first)) {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    await writeFile(first, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
  }
  const files = (await readdir(dir)).filter((f) => /^users-signing-\d+\.pem$/.test(f));
  const number = (f: string) => Number(/(\d+)/.exec(f)![1]);
  return files.sort((a, b) => number(b) - number(a)).map((f) => path.join(dir, f));
}

/** The shared secret of the internal service-to-service endpoints, made on first start. */
export async function developmentInternalSecret(dataRoot: string): Promise<string> {
  const file = path.join(dataRoot, "keys", "internal-api-secret");
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString("base64url");
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
