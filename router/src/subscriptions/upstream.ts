import { ErrorCode, type Logger } from "@amazoff/kit";
import type { GraphQLFormattedError } from "graphql";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import type { UnavailableReason } from "../execution/subgraph-data-source.ts";

/** An event as the subgraph sent it. */
export interface UpstreamEvent {
  data?: Record<string, unknown> | null;
  errors?: GraphQLFormattedError[];
}

export interface UpstreamOptions {
  serviceName: string;
  /** The subgraph's GraphQL URL (http or https): its WebSocket endpoint is the same path. */
  url: string;
  /** What the subgraph reads the caller from: `authorization` (absent for anonymous callers) and `x-request-id`. */
  connectionParams: Record<string, string>;
  request: { query: string; variables: Record<string, unknown>; operationName?: string };
  /** Where an error about the whole subscription sits in the client's response: the root field's key. */
  rootPath: readonly string[];
  /** Longest wait for the subgraph's connection_ack. */
  ackTimeoutMs: number;
  onEvent(event: UpstreamEvent): void;
  /**
   * The subscription is over on the subgraph's side: completed (no errors), refused or failed by
   * the subgraph (its errors), or the connection was lost (SUBGRAPH_UNAVAILABLE). Each error
   * carries `serviceName`. Called at most once, and never after `close`.
   */
  onEnd(errors?: GraphQLFormattedError[]): void;
  log: Logger;
}

/** ws:// for http://, wss:// for https://, same host, port and path. */
export function webSocketUrl(httpUrl: string): string {
  const url = new URL(httpUrl);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.toString();
}

type Failure = { code?: unknown; reason?: unknown } | Error | unknown;

/**
 * Why the connection to a subgraph failed, as the client sees it. The subgraph refusing the
 * router's credential (4401/4403) is the caller's failure, reported as the subgraph would over
 * HTTP; everything else is SUBGRAPH_UNAVAILABLE with a reason, as for HTTP calls.
 */
export function upstreamFailure(failure: Failure, serviceName: string, rootPath: readonly string[]): GraphQLFormattedError {
  const code = typeof (failure as { code?: unknown })?.code === "number" ? (failure as { code: number }).code : undefined;
  const path = [...rootPath];
  if (code === 4401) {
    return {
      message: `The ${serviceName} service refused the credentials`,
      path,
      extensions: { code: ErrorCode.UNAUTHENTICATED, serviceName },
    };
  }
  if (code === 4403) {
    return { message: `The ${serviceName} service refused the subscription`, path, extensions: { code: ErrorCode.FORBIDDEN, serviceName } };
  }
  let reason: UnavailableReason = "unreachable";
  if (code === 4504) reason = "timeout";
  else if (code === 4400 || code === 4004 || code === 4406 || code === 4500) reason = "bad_response";
  return {
    message: `The ${serviceName} service is unavailable`,
    path,
    extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE, serviceName, reason },
  };
}

/**
 * Runs one subscription on its subgraph over graphql-ws, on a connection of its own (the
 * contract between the router and subscription subgraphs): closing it closes exactly this
 * upstream subscription, and its connection carries the caller's token. Never reconnects: a lost
 * connection ends the subscription with an error, and the client subscribes again (events sent
 * while nobody was connected are not replayed, so the client must know there was a gap).
 * Returns `close`, which ends the upstream subscription and its connection.
 */
export function subscribeUpstream(options: UpstreamOptions): () => void {
  let ended = false;
  let lost: Failure | undefined;
  const end = (errors?: GraphQLFormattedError[]) => {
    if (ended) return;
    ended = true;
    options.onEnd(errors);
  };
  const client = createClient({
    url: webSocketUrl(options.url),
    webSocketImpl: WebSocket,
    connectionParams: options.connectionParams,
    lazy: true,
    retryAttempts: 0,
    connectionAckWaitTimeout: options.ackTimeoutMs,
    on: {
      error: (error) => {
        lost ??= error;
      },
      // graphql-ws reconnects on its own after a 1000 close while subscribed, whatever
      // retryAttempts says; disposing the client first turns that (and any retry) off.
      closed: (event) => {
        if (ended) return;
        lost ??= event;
        void Promise.resolve(client.dispose()).catch(() => {});
      },
    },
  });
  const unsubscribe = client.subscribe(options.request, {
    next: (event) => {
      if (!ended) options.onEvent(event as UpstreamEvent);
    },
    error: (error) => {
      if (Array.isArray(error)) {
        end((error as GraphQLFormattedError[]).map((e) => ({ ...e, extensions: { ...e.extensions, serviceName: options.serviceName } })));
        return;
      }
      const failure = lost ?? error;
      options.log.debug({ serviceName: options.serviceName, err: failure }, "subscription subgraph connection failed");
      end([upstreamFailure(failure, options.serviceName, options.rootPath)]);
    },
    complete: () => {
      if (lost === undefined) return end();
      options.log.debug({ serviceName: options.serviceName, err: lost }, "subscription subgraph connection lost");
      end([upstreamFailure(lost, options.serviceName, options.rootPath)]);
    },
  });
  return () => {
    ended = true;
    unsubscribe();
    void Promise.resolve(client.dispose()).catch(() => {});
  };
}
