import type { IncomingHttpHeaders } from "node:http";
import { API_KEY_HEADER, AuthenticationError, type Authentication } from "../auth/index.ts";
import { tokenExpiry } from "../auth/verified-tokens.ts";

/**
 * The credential of a WebSocket connection, as the headers the router's authenticator reads over
 * HTTP: `connectionParams.authorization` (`Bearer <jwt>`) or `connectionParams["x-api-key"]`
 * (browsers cannot set headers on a WebSocket, so graphql-ws clients send them in
 * connection_init). The same rules and code as HTTP then apply; a value that is not a string is a
 * malformed credential, refused rather than ignored.
 */
export function credentialHeaders(connectionParams: Readonly<Record<string, unknown>> | undefined): IncomingHttpHeaders {
  const headers: IncomingHttpHeaders = {};
  for (const name of ["authorization", API_KEY_HEADER] as const) {
    const value = connectionParams?.[name] ?? connectionParams?.[name === "authorization" ? "Authorization" : "X-Api-Key"];
    if (value === undefined || value === null) continue;
    if (typeof value !== "string") throw new AuthenticationError(`connectionParams.${name} must be a string`);
    headers[name] = value;
  }
  return headers;
}

/**
 * When a connection's identity stops being valid: its access token's expiry (the client's own,
 * or the one minted for its API key); never for anonymous connections.
 */
export function connectionExpiry(auth: Authentication): number {
  return auth.token ? tokenExpiry(auth.token) : Number.POSITIVE_INFINITY;
}

/** A WebSocket close reason holds at most 123 bytes. */
export function closeReason(message: string): string {
  if (Buffer.byteLength(message) <= 123) return message;
  let reason = message;
  while (Buffer.byteLength(`${reason}…`) > 123) reason = reason.slice(0, -1);
  return `${reason}…`;
}
