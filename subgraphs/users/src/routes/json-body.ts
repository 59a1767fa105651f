import type { IncomingMessage, ServerResponse } from "node:http";
import { HttpError, readBody } from "@amazoff/kit";

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    readonly code: string,
  ) {
    super(code);
  }
}

/** A small JSON request body (at most `maxBytes`), parsed; anything else is a BodyError. */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  if (!(req.headers["content-type"] ?? "").toLowerCase().startsWith("application/json")) throw new BodyError(415, "unsupported_media_type");
  let text: string;
  try {
    text = await readBody(req, maxBytes);
  } catch (error) {
    if (error instanceof HttpError && error.status === 413) throw new BodyError(413, "payload_too_large");
    throw error;
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new BodyError(400, "invalid_request");
  }
}

/** A JSON response with extra headers. */
export function send(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(payload);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body), ...headers });
  res.end(body);
}
