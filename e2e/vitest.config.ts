import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["./test/global-setup.ts"],
    hookTimeout: 120_000,
    // Whole-platform tests on two shared cores (npm start of every subgraph, 200 checkouts at
    // once): the limit catches a hang, it does not measure speed.
    testTimeout: 180_000,
    // Each file starts servers and processes; running them one at a time keeps ports and the two
    // cores free for the processes under test.
    fileParallelism: false,
  },
});
