import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["./test/global-setup.ts"],
    hookTimeout: 120_000,
    testTimeout: 60_000,
    // Each file starts servers and processes; running them one at a time keeps ports and the two
    // cores free for the processes under test.
    fileParallelism: false,
  },
});
