import path from "node:path";
import { describe, expect, it } from "vitest";
import { databaseUrlVariable, externalDatabaseUrl } from "./env.ts";
import { subgraphServices } from "./services.ts";

const root = path.resolve(import.meta.dirname, "../../..");

describe("subgraphServices", () => {
  it("reads the subgraphs, folders and ports from supergraph.yaml, shifted by the offset", async () => {
    const services = await subgraphServices(root, 100);
    const catalog = services.find((s) => s.name === "catalog")!;
    expect(catalog).toEqual({ name: "catalog", dir: path.join(root, "subgraphs", "catalog"), port: 4101, url: "http://localhost:4101/graphql" });
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
