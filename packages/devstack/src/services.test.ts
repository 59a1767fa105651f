import path from "node:path";
import { describe, expect, it } from "vitest";
import { databaseUrlVariable, externalDatabaseUrl } from "./env.ts";
import { subgraphServices } from "./services.ts";

const root = path.resolve(import.meta.dirname, "../../..");

describe("subgraphServices", () => {
  it("reads the subgraphs, folders and ports from supergraph.yaml, shifted by the offset", async () => {
    const services = await subgraphServices(root, 100);
    const catalog = services.find((s) => s.name === "catalog")!;
    expect(catalog).toEqual({
      name: "catalog",
      dir: path.join(root, "subgraphs", "catalog"),
      port: 4101,
      url: "http://localhost:4101/graphql",
    });
  });
});

describe("database URL overrides", () => {
  it("names the variable after the subgraph and reads it", () => {
    expect(databaseUrlVariable("catalog")).toBe("CATALOG_DATABASE_URL");
    expect(databaseUrlVariable("gift-cards")).toBe("GIFT_CARDS_DATABASE_URL");
    expect(externalDatabaseUrl("catalog", { CATALOG_DATABASE_URL: "postgresql://db/x" })).toBe("postgresql://db/x");
    expect(externalDatabaseUrl("catalog", { CATALOG_DATABASE_URL: "" })).toBeUndefined();
  });
});

describe("docker-compose.yml", () => {
  it("runs every subgraph of supergraph.yaml, after its migrations, on a database of its own", async () => {
    const { readFile } = await import("node:fs/promises");
    const { existsSync } = await import("node:fs");
    const { parse } = await import("yaml");
    const compose = parse(await readFile(path.join(root, "docker-compose.yml"), "utf8")) as {
      services: Record<string, { depends_on?: Record<string, unknown>; environment?: Record<string, string> }>;
    };
    const init = await readFile(path.join(root, "deploy/docker/postgres-init.sql"), "utf8");
    const router = compose.services.router!;
    for (const { name } of await subgraphServices(root)) {
      expect(compose.services[name], `service ${name}`).toBeDefined();
      expect(compose.services[name]!.depends_on).toHaveProperty(`${name}-migrate`);
      expect(existsSync(path.join(root, "subgraphs", name, "Dockerfile"))).toBe(true);
      expect(init).toContain(`CREATE DATABASE ${name.replace(/-/g, "_")};`);
      expect(router.environment?.SUBGRAPH_URL_OVERRIDES).toContain(`${name}=http://${name}:`);
    }
  });
});
