import { createLogger, stopOnSignals } from "@amazoff/kit";
import { loadInventoryEnv } from "./env.ts";
import { startInventory } from "./server.ts";

const env = loadInventoryEnv();
const logger = createLogger({ service: "inventory", level: env.LOG_LEVEL });
try {
  const server = await startInventory(env, logger);
  stopOnSignals(server, logger);
} catch (error) {
  logger.fatal({ err: error }, "inventory failed to start");
  process.exit(1);
}
