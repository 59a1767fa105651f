// A generic federation router: serves any valid supergraph file and reloads it when it changes.
//   amazoff-router --supergraph FILE [--port 4000] [--host 0.0.0.0] [--log-level info] [--no-sandbox]
//                  [--jwks-url URL [--api-key-exchange-url URL] [--internal-secret-file FILE]]
// Without --jwks-url it serves anonymous requests only (any credential is refused); the
// supergraph's @authenticated / @requiresScopes / @policy are enforced either way. The internal
// secret (read from a file, never from the command line, which others can see) lets it read the
// users subgraph's revocation feed and exchange API keys.
import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { createLogger, stopOnSignals, type Logger } from "@amazoff/kit";
import { startRouter } from "./server.ts";

const usage =
  "usage: amazoff-router --supergraph FILE [--port N] [--host HOST] [--log-level LEVEL] [--no-sandbox] [--jwks-url URL] [--api-key-exchange-url URL] [--internal-secret-file FILE]";

function readArguments() {
  try {
    return parseArgs({
      options: {
        supergraph: { type: "string" },
        port: { type: "string", default: "4000" },
        host: { type: "string", default: "0.0.0.0" },
        "log-level": { type: "string", default: "info" },
        "no-sandbox": { type: "boolean", default: false },
        "jwks-url": { type: "string" },
        "api-key-exchange-url": { type: "string" },
        "internal-secret-file": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${usage}\n`);
    process.exit(2);
  }
}

const values = readArguments();
if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const port = Number(values.port);
const secretFile = values["internal-secret-file"];
const internalSecret = secretFile && existsSync(secretFile) ? readFileSync(secretFile, "utf8").trim() : undefined;
const problems = [
  !values.supergraph && "--supergraph FILE is required",
  values.supergraph && !existsSync(values.supergraph) && `supergraph file not found: ${values.supergraph}`,
  !(Number.isInteger(port) && port >= 0 && port <= 65535) && `--port must be an integer from 0 to 65535`,
  values["jwks-url"] !== undefined && !URL.canParse(values["jwks-url"]) && "--jwks-url must be a URL",
  values["api-key-exchange-url"] !== undefined && !URL.canParse(values["api-key-exchange-url"]) && "--api-key-exchange-url must be a URL",
  values["api-key-exchange-url"] !== undefined &&
    values["jwks-url"] === undefined &&
    "--api-key-exchange-url needs --jwks-url (minted tokens are verified)",
  secretFile !== undefined && internalSecret === undefined && `internal secret file not found: ${secretFile}`,
  internalSecret !== undefined && internalSecret.length < 16 && "the internal secret must be at least 16 characters",
].filter(Boolean);
if (problems.length) {
  process.stderr.write(`${problems.join("\n")}\n${usage}\n`);
  process.exit(2);
}

const logger: Logger = createLogger({ service: "router", level: values["log-level"] as "info" });
try {
  const router = await startRouter({
    supergraphPath: values.supergraph!,
    port,
    host: values.host,
    logger,
    sandbox: !values["no-sandbox"],
    auth: { jwksUrl: values["jwks-url"], apiKeyExchangeUrl: values["api-key-exchange-url"], internalSecret },
  });
  stopOnSignals(router, logger);
} catch (error) {
  logger.fatal({ err: error }, "router failed to start");
  process.exit(1);
}
