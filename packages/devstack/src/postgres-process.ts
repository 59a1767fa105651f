// The embedded PostgreSQL of `npm start`, in a process of its own:
//   node --import tsx src/postgres-process.ts <data folder> <port>
// The supervisor starts it in a process group of its own, so Ctrl-C in a terminal does not reach
// PostgreSQL (which would shut down at once, under the subgraphs still using it): the supervisor
// stops it last, with SIGTERM, or the IPC channel closes when the supervisor is gone.
import { createLogger, stopOnSignals } from "@amazoff/kit";
import { startDevCluster } from "./postgres.ts";

const [dataRoot, port] = process.argv.slice(2);
const logger = createLogger({ service: "postgres", level: "info" });
if (!dataRoot || !Number.isInteger(Number(port))) {
  logger.fatal("usage: postgres-process.ts <data folder> <port>");
  process.exit(2);
}
try {
  const cluster = await startDevCluster(dataRoot, Number(port), (line) => logger.info(line));
  stopOnSignals(cluster, logger);
  process.send?.("ready");
} catch (error) {
  logger.fatal({ err: error }, "PostgreSQL did not start");
  process.exit(1);
}
