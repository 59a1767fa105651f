import { createLogger, stopOnSignals } from "@amazoff/kit";
import { loadNotificationsEnv } from "./env.ts";
import { startNotifications } from "./server.ts";

const env = loadNotificationsEnv();
const logger = createLogger({ service: "notifications", level: env.LOG_LEVEL });
try {
  const server = await startNotifications(env, logger);
  stopOnSignals(server, logger);
} catch (error) {
  logger.fatal({ err: error }, "notifications failed to start");
  process.exit(1);
}
