import { AppError, ErrorCode } from "./errors.ts";
import { InternalCallError, type EndpointAnswer, type EndpointRequest, type InternalClient, type InternalEndpoint } from "./internal.ts";
import type { Logger } from "./logger.ts";

/**
 * A peer a subgraph depends on (the catalog, the inventory, ...) could not answer. Reported as
 * INTERNAL with a message that says what to do (the client may retry); the cause goes to the
 * logs only.
 */
export class PeerUnavailableError extends AppError {
  constructor(peer: string, cause?: unknown) {
    super(ErrorCode.INTERNAL, `The ${peer} service is unavailable; try again shortly`, { cause });
  }
}

/**
 * Calls a peer's internal endpoint (both ends validate against its contract) on behalf of the
 * request `requestId`, and returns whichever answer the contract lists (a 404 may be an answer).
 * A network failure, timeout or 5xx is PeerUnavailableError; a status the contract does not
 * list, or a body it does not allow, is our bug (InternalCallError, masked as INTERNAL and
 * logged with details).
 */
export async function askPeer<E extends InternalEndpoint>(
  client: InternalClient,
  peer: string,
  endpoint: E,
  input: EndpointRequest<E>,
  requestId: string,
  log: Logger,
): Promise<EndpointAnswer<E>> {
  try {
    return await client.call(endpoint, input, { requestId });
  } catch (error) {
    if (error instanceof InternalCallError && error.status < 500) throw error;
    log.warn({ err: error, peer, path: endpoint.path, requestId }, "peer call failed");
    throw new PeerUnavailableError(peer, error);
  }
}

/** `askPeer` for endpoints whose only expected answer is 200: its body. Any other answer is our bug. */
export async function callPeer<E extends InternalEndpoint>(
  client: InternalClient,
  peer: string,
  endpoint: E,
  input: EndpointRequest<E>,
  requestId: string,
  log: Logger,
): Promise<Extract<EndpointAnswer<E>, { status: 200 }>["body"]> {
  const answer = await askPeer(client, peer, endpoint, input, requestId, log);
  if (answer.status !== 200) throw new Error(`${peer} ${endpoint.path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** Splits ids into chunks a peer endpoint accepts (e.g. 200 ids a call). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
