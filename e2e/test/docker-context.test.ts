import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

/**
 * `.dockerignore` as Docker reads it: one pattern a line (# comments), relative to the context
 * root, `*` and `?` within a path segment, `**` across segments, `!` re-including, the last
 * matching line deciding. A matched directory excludes everything under it.
 */
function dockerignore(text: string): (file: string) => boolean {
  const rules = text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => {
      const negated = line.startsWith("!");
      const pattern = path.posix.normalize((negated ? line.slice(1) : line).replace(/^\/+/, ""));
      const source = pattern
        .split(/(\*\*\/?|\*|\?)/)
        .map((part) =>
          part === "**/" || part === "**"
            ? "(?:.*/)?"
            : part === "*"
              ? "[^/]*"
              : part === "?"
                ? "[^/]"
                : part.replace(/[.+^${}()|[\]\\]/g, "\\$&"),
        )
        .join("");
      return { negated, regex: new RegExp(`^${source}$`) };
    });
  return (file) => {
    const segments = file.split("/");
    let excluded = false;
    for (const rule of rules) {
      // The file itself or any directory above it.
      for (let i = 1; i <= segments.length; i++) {
        if (rule.regex.test(segments.slice(0, i).join("/"))) {
          excluded = !rule.negated;
          break;
        }
      }
    }
    return excluded;
  };
}

const isExcluded = dockerignore(readFileSync(path.join(root, ".dockerignore"), "utf8"));

/** Paths that must never reach an image: secrets, keys, local data. */
const SECRET = /(^|\/)\.env(\.|$)|^deploy\/secrets\/|(^|\/)\.data\/|\.(pem|key|p12|pfx)$/;

describe("the Docker build context", () => {
  it.each([
    ".env",
    ".env.production",
    ".env.local",
    "subgraphs/users/.env",
    "deploy/secrets/users-signing-key.pem",
    "deploy/secrets/anything",
    ".data/keys/users-signing-1.pem",
    ".data/keys/internal-api-secret",
    ".data/postgres/PG_VERSION",
    "router/tls/server.key",
    "certs/client.pem",
    "node_modules/pg/package.json",
    "subgraphs/catalog/node_modules/x/index.js",
    "subgraphs/catalog/src/generated/prisma/client.ts",
    ".git/config",
  ])("excludes %s", (file) => {
    expect(isExcluded(file)).toBe(true);
  });

  it.each([
    "package.json",
    "package-lock.json",
    "supergraph.yaml",
    "router/Dockerfile",
    "subgraphs/catalog/src/server.ts",
    "subgraphs/catalog/prisma/migrations/20260101000000_init/migration.sql",
    "packages/db/bin/prisma.mjs",
    "deploy/docker/postgres-init.sql",
  ])("still sends %s, which the images build from", (file) => {
    expect(isExcluded(file)).toBe(false);
  });

  it("sends no secret, key or local data that is in this working tree now", () => {
    const sent: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
        const relative = dir ? `${dir}/${entry.name}` : entry.name;
        if (isExcluded(relative)) continue;
        if (entry.isDirectory()) walk(relative);
        else if (SECRET.test(relative)) sent.push(relative);
      }
    };
    walk("");
    expect(sent).toEqual([]);
  });
});
