import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import {
  close,
  createErrorFormatter,
  createHttpServer,
  handleGraphQL,
  listen,
  REQUEST_ID_HEADER,
  requestIdFrom,
  sendJson,
  type Logger,
} from "@amazoff/kit";
import type { RouterContext } from "./context.ts";
import { createGatewayExecution } from "./execution/gateway.ts";

export interface RouterOptions {
  supergraphPath: string;
  port: number;
  host?: string;
  logger: Logger;
  /** Serve Apollo Sandbox at GET /graphql (development). */
  sandbox?: boolean;
  subgraphUrlOverrides?: Record<string, string>;
}

export interface RunningRouter {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * The Amazoff router: Apollo Server over our federation execution path, on a plain node HTTP
 * server with `/graphql`, `/health` and `/ready`. The HTTP port opens first; `/health` turns 200
 * once the supergraph is loaded, and `/graphql` answers 503 until then.
 */
export async function startRouter(options: RouterOptions): Promise<RunningRouter> {
  const log = options.logger;
  let loaded = false;
  const gateway = createGatewayExecution({
    supergraphPath: options.supergraphPath,
    logger: log,
    subgraphUrlOverrides: options.subgraphUrlOverrides,
  });
  const apollo = new ApolloServer<RouterContext>({
    gateway,
    includeStacktraceInErrorResponses: false,
    // Our process owns SIGINT/SIGTERM (stopOnSignals); Apollo's own handlers would call stop()
    // a second time, and a concurrent second stop() waits forever in Apollo Server 5.
    stopOnTerminationSignals: false,
    formatError: createErrorFormatter((error) => log.error({ err: error }, "internal error")),
    plugins: [options.sandbox ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }) : ApolloServerPluginLandingPageDisabled()],
    logger: log,
  });

  const notLoaded = { errors: [{ message: "The router is starting: supergraph not loaded yet", extensions: { code: "SERVICE_UNAVAILABLE" } }] };
  const http = createHttpServer(
    {
      "/graphql": (req, res, url) => {
        if (!loaded) return sendJson(res, 503, notLoaded);
        const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
        res.setHeader(REQUEST_ID_HEADER, requestId);
        return handleGraphQL(apollo, req, res, url, async () => ({ requestId, log: log.child({ requestId }) }));
      },
      "/health": (_req, res) => sendJson(res, loaded ? 200 : 503, { status: loaded ? "ok" : "starting" }),
      "/ready": (_req, res) => sendJson(res, loaded ? 200 : 503, { status: loaded ? "ready" : "starting" }),
    },
    (error) => log.error({ err: error }, "unhandled HTTP error"),
  );
  const port = await listen(http, options.port, options.host);
  try {
    await apollo.start();
  } catch (error) {
    await close(http);
    throw error;
  }
  loaded = true;
  const url = `http://localhost:${port}/graphql`;
  log.info({ url, supergraph: options.supergraphPath }, "router ready");
  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    stop() {
      stopping ??= (async () => {
        await close(http);
        await apollo.stop();
      })();
      return stopping;
    },
  };
}
