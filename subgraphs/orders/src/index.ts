import { createLogger, stopOnSignals } from "@amazoff/kit";
import { loadOrdersEnv } from "./env.ts";
import { startOrders } from "./server.ts";

const env = loadOrdersEnv();
const logger = createLogger({ service: "orders", level: env.LOG_LEVEL });
try {
  const server = await startOrders(env, logger);
  stopOnSignals(server, logger);
} catch (error) {
  logger.fatal({ err: error }, "orders failed to start");
  process.exit(1);
}
