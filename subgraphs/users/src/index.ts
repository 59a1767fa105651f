import { createLogger, stopOnSignals } from "@amazoff/kit";
import { loadUsersEnv } from "./env.ts";
import { startUsers } from "./server.ts";

const env = loadUsersEnv();
const logger = createLogger({ service: "users", level: env.LOG_LEVEL });
try {
  const server = await startUsers(env, logger);
  stopOnSignals(server, logger);
} catch (error) {
  logger.fatal({ err: error }, "users failed to start");
  process.exit(1);
}
