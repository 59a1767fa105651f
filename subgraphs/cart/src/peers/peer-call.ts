import { AppError, ErrorCode, type InternalClient, type Logger } from "@amazoff/kit";
import type { z } from "zod";

/**
 * A peer we depend on (catalog, inventory) could not answer. Reported as INTERNAL with a message
 * that says what to do (the client may retry); the cause goes to the logs only.
 */
export class PeerUnavailableError extends AppError {
  constructor(peer: string, cause?: unknown) {
    super(ErrorCode.INTERNAL, `The ${peer} service is unavailable; try again shortly`, { cause });
  }
}

/**
 * POSTs to a peer's internal endpoint and validates its answer: a network failure, timeout or 5xx
 * is PeerUnavailableError; any other non-200 or an unexpected body is our bug (a plain Error,
 * masked as INTERNAL and logged with details).
 */
export async function callPeer<S extends z.ZodType>(client: InternalClient, peer: string, path: string, body: unknown, schema: S, log: Logger): Promise<z.infer<S>> {
  let response: { status: number; body: unknown };
  try {
    response = await client.post<unknown>(path, body);
  } catch (error) {
    log.warn({ err: error, peer, path }, "peer call failed");
    throw new PeerUnavailableError(peer, error);
  }
  if (response.status !== 200) throw new Error(`${peer} ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
  const parsed = schema.safeParse(response.body);
  if (!parsed.success) throw new Error(`${peer} ${path} answered an unexpected body: ${parsed.error.message}`);
  return parsed.data;
}

/** Splits ids into chunks a peer endpoint accepts (both peers take at most 200 ids a call). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
