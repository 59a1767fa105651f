import { mkdtemp, writeFile, copyFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { composeFromConfig } from "../src/composition/compose.ts";

const fixtures = path.join(import.meta.dirname, "fixtures");
let dir: string;

async function config(name: string, subgraphs: Record<string, string>): Promise<string> {
  const lines = ["subgraphs:"];
  for (const [subgraph, file] of Object.entries(subgraphs)) {
    lines.push(`  ${subgraph}:`, `    routing_url: http://localhost:4999/${subgraph}`, "    schema:", `      file: ./${file}`);
  }
  const file = path.join(dir, name);
  await writeFile(file, lines.join("\n"));
  return file;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "amazoff-compose-"));
  for (const file of ["products.graphql", "reviews-conflict.graphql", "broken-syntax.graphql"])
    await copyFile(path.join(fixtures, file), path.join(dir, file));
});

describe("composeFromConfig", () => {
  it("composes valid subgraphs into a supergraph with their routing URLs", async () => {
    const result = await composeFromConfig(await config("ok.yaml", { products: "products.graphql" }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.supergraphSdl).toContain('@join__graph(name: "products", url: "http://localhost:4999/products")');
    expect(result.supergraphSdl).toContain("type Product");
  });

  it("reports a composition error with its code and the field at fault", async () => {
    const result = await composeFromConfig(
      await config("conflict.yaml", { products: "products.graphql", reviews: "reviews-conflict.graphql" }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.join("\n")).toMatch(/INVALID_FIELD_SHARING: .*"Product\.name"/);
  });

  it("reports a syntax error with the file, line and column", async () => {
    const result = await composeFromConfig(await config("syntax.yaml", { broken: "broken-syntax.graphql" }));
    expect(result).toEqual({ ok: false, errors: [expect.stringMatching(/^\[broken\] Syntax Error: .*broken-syntax\.graphql:4:1\)$/)] });
  });

  it("reports a missing schema file and an invalid config", async () => {
    const missing = await composeFromConfig(await config("missing.yaml", { ghost: "ghost.graphql" }));
    expect(missing).toEqual({ ok: false, errors: [expect.stringMatching(/^\[ghost\] .*ghost\.graphql: ENOENT/)] });
    const badFile = path.join(dir, "bad.yaml");
    await writeFile(badFile, "subgraphs:\n  x:\n    routing_url: not a url\n");
    const bad = await composeFromConfig(badFile);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.join("\n")).toMatch(/subgraphs\.x\.(routing_url|schema)/);
  });
});
