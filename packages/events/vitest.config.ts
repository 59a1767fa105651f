import { defineConfig } from "vitest/config";

export default defineConfig({ test: { include: ["test/**/*.test.ts", "src/**/*.test.ts"], hookTimeout: 60_000, testTimeout: 60_000 } });
