import { createLogger, stopOnSignals } from "@amazoff/kit";
import { loadCatalogEnv } from "./env.ts";
import { startCatalog } from "./server.ts";

const env = loadCatalogEnv();
const logger = createLogger({ service: "catalog", level: env.LOG_LEVEL });
try {
  const server = await startCatalog(env, logger);
  stopOnSignals(server, logger);
} catch (error) {
  logger.fatal({ err: error }, "catalog failed to start");
  process.exit(1);
}
