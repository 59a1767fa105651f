import { createLogger, stopOnSignals } from "@amazoff/kit";
import { loadPaymentsEnv } from "./env.ts";
import { startPayments } from "./server.ts";

const env = loadPaymentsEnv();
const logger = createLogger({ service: "payments", level: env.LOG_LEVEL });
try {
  const server = await startPayments(env, logger);
  stopOnSignals(server, logger);
} catch (error) {
  logger.fatal({ err: error }, "payments failed to start");
  process.exit(1);
}
