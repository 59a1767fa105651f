#!/usr/bin/env node
// Runs the Prisma CLI for the subgraph in the current directory, offline.
//
// With `engine: "js"` (see prisma.config.ts) Prisma never executes the native query or schema
// engine, but the 6.19 CLI still checks that their files exist and would try to download them
// from Prisma's own servers, which these machines cannot reach. Pointing both variables at a file
// that exists (this script) satisfies the check; neither is ever executed.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const cli = require.resolve("prisma/build/index.js");
const self = fileURLToPath(import.meta.url);
const unrefWasmTimers = fileURLToPath(new URL("./unref-wasm-timers.cjs", import.meta.url));

const child = spawn(process.execPath, ["--require", unrefWasmTimers, cli, ...process.argv.slice(2)], {
  stdio: "inherit",
  env: {
    ...process.env,
    PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY ?? self,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? self,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
