import { createLogger, stopOnSignals } from "@amazoff/kit";
import { loadCommentsEnv } from "./env.ts";
import { startComments } from "./server.ts";

const env = loadCommentsEnv();
const logger = createLogger({ service: "comments", level: env.LOG_LEVEL });
try {
  const server = await startComments(env, logger);
  stopOnSignals(server, logger);
} catch (error) {
  logger.fatal({ err: error }, "comments failed to start");
  process.exit(1);
}
