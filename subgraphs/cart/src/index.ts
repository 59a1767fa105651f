import { createLogger, stopOnSignals } from "@amazoff/kit";
import { loadCartEnv } from "./env.ts";
import { startCart } from "./server.ts";

const env = loadCartEnv();
const logger = createLogger({ service: "cart", level: env.LOG_LEVEL });
try {
  const server = await startCart(env, logger);
  stopOnSignals(server, logger);
} catch (error) {
  logger.fatal({ err: error }, "cart failed to start");
  process.exit(1);
}
