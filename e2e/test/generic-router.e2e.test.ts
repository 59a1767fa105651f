import { mkdtemp, rename, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { composeServices } from "@apollo/composition";
import { createLogger, startSubgraphServer, type RunningServer } from "@amazoff/kit";
import { graphqlClient } from "@amazoff/kit/testing";
import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, freePort, spawnTs, type Spawned } from "./helpers.ts";

// A subgraph that is not ours at all: the router must serve any valid supergraph.
const FULL_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
  type Planet @key(fields: "id") { id: ID! name: String! moons: Int! }
  type Query { planets: [Planet!]! farewell: String! }
`;
const PARTIAL_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])
  type Planet @key(fields: "id") { id: ID! name: String! }
  type Query { planets: [Planet!]! }
`;
const planets = [
  { id: "3", name: "Earth", moons: 1 },
  { id: "4", name: "Mars", moons: 2 },
];

const routerDir = path.resolve(import.meta.dirname, "../../router");

function supergraph(sdl: string, url: string): string {
  const result = composeServices([{ name: "space", url, typeDefs: parse(sdl) }]);
  if (result.errors) throw new Error(result.errors.map((e) => e.message).join("\n"));
  return result.supergraphSdl;
}

let subgraph: RunningServer;
let router: Spawned;
let file: string;
let routerUrl: string;

async function replaceFile(contents: string) {
  await writeFile(`${file}.next`, contents);
  await rename(`${file}.next`, file);
}

beforeAll(async () => {
  subgraph = await startSubgraphServer({
    name: "space",
    typeDefs: parse(FULL_SDL),
    resolvers: {
      Query: { planets: () => planets, farewell: () => "So long" },
      Planet: { __resolveReference: (ref: { id: string }) => planets.find((p) => p.id === ref.id) },
    },
    port: 0,
    host: "127.0.0.1",
    logger: createLogger({ service: "space", level: "silent" }),
    context: (base) => base,
  });
  file = path.join(await mkdtemp(path.join(os.tmpdir(), "amazoff-generic-")), "space.graphql");
  await writeFile(file, supergraph(PARTIAL_SDL, subgraph.url));
  const port = await freePort();
  routerUrl = `http://127.0.0.1:${port}/graphql`;
  router = spawnTs("src/cli.ts", ["--supergraph", file, "--port", String(port), "--host", "127.0.0.1"], { cwd: routerDir });
  await router.waitFor("router ready");
});

afterAll(async () => {
  router?.child.kill("SIGTERM");
  await router?.exited;
  await subgraph?.stop();
});

describe("the router CLI as a generic gateway", () => {
  it("serves a supergraph that is not Amazoff's", async () => {
    const response = await graphqlClient(routerUrl)(`{ planets { name } }`);
    expect(response.data).toEqual({ planets: [{ name: "Earth" }, { name: "Mars" }] });
    const missing = await graphqlClient(routerUrl)(`{ farewell }`);
    expect(missing.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  it("reloads when the supergraph file changes", async () => {
    await replaceFile(supergraph(FULL_SDL, subgraph.url));
    const response = await eventually(async () => {
      const r = await graphqlClient(routerUrl)(`{ farewell planets { moons } }`);
      if (r.errors) throw new Error(JSON.stringify(r.errors));
      return r;
    });
    expect(response.data).toEqual({ farewell: "So long", planets: [{ moons: 1 }, { moons: 2 }] });
  });

  it("keeps the current schema when the new file is invalid", async () => {
    await replaceFile("this is not a supergraph {");
    await router.waitFor("new supergraph rejected", 15_000);
    const response = await graphqlClient(routerUrl)(`{ farewell }`);
    expect(response.data).toEqual({ farewell: "So long" });
    expect((await fetch(routerUrl.replace("/graphql", "/health"))).status).toBe(200);
  });

  it("refuses bad arguments with a usage message", async () => {
    const bad = spawnTs("src/cli.ts", ["--port", "99999"], { cwd: routerDir });
    const { code } = await bad.exited;
    expect(code).toBe(2);
    expect(bad.output()).toContain("--supergraph FILE is required");
    expect(bad.output()).toContain("--port must be an integer");
    expect(bad.output()).toContain("usage: amazoff-router");
  });

  it("refuses to start on a file that is not a supergraph", async () => {
    const junk = path.join(path.dirname(file), "junk.graphql");
    await writeFile(junk, "type Query { x: Int }");
    const bad = spawnTs("src/cli.ts", ["--supergraph", junk, "--port", String(await freePort())], { cwd: routerDir });
    const { code } = await bad.exited;
    expect(code).toBe(1);
    expect(bad.output()).toContain("router failed to start");
  });

  it("stops cleanly on SIGTERM", async () => {
    router.child.kill("SIGTERM");
    expect(await router.exited).toEqual({ code: 0, signal: null });
  });
});
